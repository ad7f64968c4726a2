//! The route table. Every `/api/v1` route is added through [`Routes`], which builds the axum
//! router and keeps the list of (method, path) it was built from, so the authorization matrix
//! walks the router's own routes rather than a reading of the source.

use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

use crate::state::AppState;

/// A router under construction and the routes it holds.
#[derive(Default)]
pub struct Routes {
    router: Router<AppState>,
    table: Vec<(Method, &'static str)>,
}

macro_rules! verb {
    ($fn:ident, $method:ident) => {
        pub fn $fn<H, T>(self, path: &'static str, handler: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            self.add(Method::$method, path, routing::$fn(handler))
        }
    };
}

impl Routes {
    verb!(get, GET);
    verb!(post, POST);
    verb!(put, PUT);
    verb!(patch, PATCH);
    verb!(delete, DELETE);

    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        // axum merges method routers registered for the same path.
        self.router = self.router.route(path, route);
        self.table.push((method, path));
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.table.extend(other.table);
        self
    }

    pub fn into_router(self) -> Router<AppState> {
        self.router
    }

    /// (method, path) of every route, in the order they were added.
    pub fn table(&self) -> impl Iterator<Item = (&Method, &'static str)> {
        self.table.iter().map(|(m, p)| (m, *p))
    }
}
