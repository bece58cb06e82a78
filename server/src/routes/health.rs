//! `GET /api/health`: answers 200 once the server is ready (data loaded, database migrated).

use axum::Json;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    status: &'static str,
}

#[utoipa::path(get, path = "/api/health", tag = "operations", responses((status = 200, description = "Ready", body = Health)))]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}
