// Client-side navigation for a server-rendered app (inlined in every page by `app::Scripts`).
//
// Links and forms work without it: every page is complete HTML and every form posts to the
// server, which answers with a redirect. This script makes them a single-page app: it fetches the
// next page, swaps the body, keeps the history, moves focus for screen readers, keeps what was typed
// when the server sends a form back with errors, and hydrates the page's islands (the only parts
// that need WebAssembly, loaded the first time a page has one).
((pkgJs, pkgWasm) => {
  const MARKERS = ["__err", "__path", "__done"];
  let navigation = 0;
  let wasm = null;

  // Islands: the WASM is fetched only when a page has one.
  function loadWasm() {
    if (!wasm) {
      wasm = import(pkgJs).then(async (mod) => {
        await mod.default({ module_or_path: pkgWasm });
        mod.hydrate();
        return mod;
      });
    }
    return wasm;
  }
  async function hydrateIslands(root) {
    const islands = [...root.querySelectorAll("leptos-island")].filter((el) => !el.$$hydrated);
    if (islands.length) {
      const mod = await loadWasm();
      for (const el of islands) {
        // A nested island is hydrated by its parent.
        if (el.parentElement && el.parentElement.closest("leptos-island")) continue;
        const fn = mod[el.dataset.component];
        el.$$hydrated = true;
        if (fn) await fn(el);
        else console.warn(`no WASM function for the island ${el.dataset.component}`);
      }
    }
    document.body.dataset.hydrated = "true";
  }

  // Addresses without the one-off markers of a form's outcome (they are for the server's render).
  function cleanUrl(href) {
    const url = new URL(href, location.href);
    for (const m of MARKERS) url.searchParams.delete(m);
    return url.toString();
  }
  const isHtml = (resp) => (resp.headers.get("content-type") || "").includes("text/html");
  const ownPage = (url) =>
    url.origin === location.origin && !/^\/(pkg|export|attachments|api)\//.test(url.pathname);

  async function go(req, { push = true, form = null, data = null, scroll = true } = {}) {
    const current = ++navigation;
    document.body.setAttribute("aria-busy", "true");
    document.documentElement.classList.add("navigating");
    let resp;
    try {
      req.headers.set("Accept", "text/html");
      resp = await fetch(req);
    } catch (e) {
      // Offline or the server is gone: a page to open goes to the browser, which says so; a form
      // stays as it is, with what was typed (re-sending it to the address would lose the post).
      if (req.method === "GET") location.assign(req.url);
      return;
    } finally {
      if (current === navigation) {
        document.documentElement.classList.remove("navigating");
        document.body.removeAttribute("aria-busy");
      }
    }
    if (current !== navigation) return;
    if (!isHtml(resp)) {
      // A download or something else that is not a page: let the browser handle it.
      location.assign(resp.url);
      return;
    }
    const html = await resp.text();
    if (current !== navigation) return;
    const doc = new DOMParser().parseFromString(html, "text/html");
    const failed = new URL(resp.url).searchParams.has("__err");
    const samePage = new URL(resp.url).pathname === location.pathname;
    document.title = doc.title;
    document.documentElement.lang = doc.documentElement.lang;
    document.body.replaceWith(document.adoptNode(doc.body));
    const shown = cleanUrl(resp.url);
    if (push && !(form && samePage)) history.pushState(null, "", shown);
    else history.replaceState(null, "", shown);
    if (form) afterForm(form, data, failed, samePage);
    else {
      const hash = new URL(resp.url).hash;
      const target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
      if (target) target.scrollIntoView();
      else if (scroll) window.scrollTo(0, 0);
      // A new page: screen readers start at its content, as after a full load.
      const main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
    }
    live();
    rotation();
    await hydrateIslands(document.body);
  }

  // Live pages (the big screen): `data-live` names a feed of server-sent events; on each change the
  // page is fetched again and its `data-live-region` replaced in place. `data-autoscroll` scrolls a
  // long ranking slowly down and back to the top (a page at a time if motion is reduced).
  let feed = null;
  let scroller = null;
  function live() {
    if (feed) feed.close();
    if (scroller) clearInterval(scroller);
    feed = scroller = null;
    const el = document.querySelector("[data-live]");
    if (!el) return;
    let busy = false;
    let again = false;
    const refresh = async () => {
      if (busy) return void (again = true);
      busy = true;
      try {
        const resp = await fetch(location.href, { headers: { Accept: "text/html" } });
        const doc = new DOMParser().parseFromString(await resp.text(), "text/html");
        const next = doc.querySelector("[data-live-region]");
        const here = document.querySelector("[data-live-region]");
        if (next && here) {
          here.replaceWith(document.adoptNode(next));
          showTurn();
          document.documentElement.dataset.liveUpdates = String(Number(document.documentElement.dataset.liveUpdates || 0) + 1);
        }
      } catch (e) {
        // The next change (or reconnection) tries again.
      } finally {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      }
    };
    let opened = false;
    const connect = () => {
      const mine = (feed = new EventSource(el.dataset.live));
      // A reconnection may have missed changes: look once.
      mine.addEventListener("open", () => (opened ? refresh() : (opened = true)));
      mine.addEventListener("change", refresh);
      // The browser reconnects a dropped feed itself but gives up on an error answer (a proxy's
      // 502 while the server restarts): start again a little later, if still on this page.
      mine.addEventListener("error", () => {
        if (mine.readyState === EventSource.CLOSED)
          setTimeout(() => feed === mine && el.isConnected && connect(), 5000 + Math.random() * 5000);
      });
    };
    connect();
    if (el.hasAttribute("data-autoscroll")) {
      const reduce = matchMedia("(prefers-reduced-motion: reduce)").matches;
      let pause = 100;
      scroller = setInterval(() => {
        const max = document.documentElement.scrollHeight - innerHeight;
        if (max <= 0 || pause-- > 0) return;
        if (scrollY >= max - 1) {
          window.scrollTo(0, 0);
          pause = 100;
        } else if (reduce) {
          window.scrollBy(0, innerHeight * 0.8);
          pause = 200;
        } else window.scrollBy(0, 1);
      }, 40);
    }
  }

  // Rotating screens (the leaderboards' big screen): `data-rotate` (seconds) shows one of the
  // page's `[data-panel]`s at a time, in turn; a live update keeps the turn.
  let rotor = null;
  let turn = 0;
  function showTurn() {
    const panels = [...document.querySelectorAll("[data-rotate] [data-panel]")];
    panels.forEach((p, i) => (p.hidden = i !== turn % panels.length));
    document.documentElement.dataset.turn = String(turn);
  }
  function rotation() {
    if (rotor) clearInterval(rotor);
    rotor = null;
    const el = document.querySelector("[data-rotate]");
    if (!el) return;
    turn = 0;
    showTurn();
    rotor = setInterval(() => {
      turn++;
      showTurn();
    }, (Number(el.dataset.rotate) || 15) * 1000);
  }

  // After a form came back: put back what was typed if it was refused, and focus the outcome.
  function afterForm(sent, data, failed, samePage) {
    const form = [...document.forms].filter((f) => f.getAttribute("action") === sent.action)[sent.index];
    if (!form || !samePage) {
      window.scrollTo(0, 0);
      const main = document.getElementById("main");
      if (main) main.focus({ preventScroll: true });
      return;
    }
    if (failed && data) {
      for (const el of form.elements) {
        if (!el.name || !data.has(el.name)) continue;
        if (["password", "file", "hidden", "submit", "button"].includes(el.type)) continue;
        if (el.type === "checkbox" || el.type === "radio") el.checked = data.getAll(el.name).includes(el.value);
        else if (el.tagName === "SELECT" && el.multiple) {
          const values = data.getAll(el.name);
          for (const o of el.options) o.selected = values.includes(o.value);
        } else el.value = data.get(el.name);
      }
    }
    const focus = form.querySelector('[aria-invalid="true"]') || form.querySelector('[role="alert"], [role="status"]');
    if (focus) {
      if (!focus.matches("input, select, textarea, button")) focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  }

  addEventListener("click", (ev) => {
    if (ev.target.closest && ev.target.closest("[data-print]")) return void window.print();
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest && ev.target.closest("a[href]");
    if (!a || a.target || a.hasAttribute("download") || (a.getAttribute("rel") || "").includes("external")) return;
    const url = new URL(a.href, location.href);
    if (!ownPage(url)) return;
    // A jump within the page stays a jump.
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    ev.preventDefault();
    go(new Request(url));
  });

  addEventListener("submit", (ev) => {
    const form = ev.target;
    if (ev.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    // Attributes, not properties: a field named "action" or "method" shadows the property.
    const attr = (name) => form.getAttribute(name);
    if (attr("target")) return;
    const method = (attr("method") || "get").toUpperCase();
    const url = new URL(attr("action") || location.href, location.href);
    if (url.origin !== location.origin || /^\/(pkg|export|attachments)\//.test(url.pathname)) return;
    if (!form.hasAttribute("novalidate") && !HTMLFormElement.prototype.checkValidity.call(form)) return;
    // A form that cannot be taken back (paying, disabling someone) asks first.
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return void ev.preventDefault();
    ev.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = "true";
    const data = new FormData(form, ev.submitter);
    const done = () => delete form.dataset.busy;
    if (method === "GET") {
      url.search = new URLSearchParams(data).toString();
      go(new Request(url)).finally(done);
      return;
    }
    const multipart = (attr("enctype") || "").toLowerCase() === "multipart/form-data";
    const req = new Request(url, { method: "POST", body: multipart ? data : new URLSearchParams(data) });
    const twins = [...document.forms].filter((f) => f.getAttribute("action") === attr("action"));
    go(req, { form: { action: attr("action"), index: twins.indexOf(form) }, data }).finally(done);
  });

  addEventListener("popstate", () => go(new Request(location.href), { push: false, scroll: false }));

  // The first page: its address without the markers, and its islands.
  if (MARKERS.some((m) => new URL(location.href).searchParams.has(m))) history.replaceState(null, "", cleanUrl(location.href));
  // Islands wake once the page has painted and the browser is idle, so their WASM never delays the
  // first paint; links and forms work from the start.
  live();
  rotation();
  const start = () => hydrateIslands(document.body);
  const idle = () => ("requestIdleCallback" in window ? requestIdleCallback(start, { timeout: 1500 }) : setTimeout(start, 1));
  if (document.readyState === "complete") idle();
  else addEventListener("load", idle, { once: true });
})
