//! HTTP-level integration tests: the real server on a free port, a fresh database for each test.

mod auth;
mod authz;
mod awards;
mod boards;
mod competitions;
mod evaluations;
mod honours;
mod org;
mod organising;
mod pages;
mod paper;
mod ops;
mod projects;
