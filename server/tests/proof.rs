//! The booking's signed proof on a real loopback port: every booking answer carries it and its QR
//! code holds it; `GET /api/v1/proof-key` publishes the key that verifies it offline, cacheably;
//! the key is the same after a restart (derived from the database's secret).

// Helpers outside #[test] functions unwrap too: a failure there is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use antrean_core::api::Booking;
use antrean_core::ids::CounterId;
use antrean_core::proof::{check, Here, ProofError, PublishedKey};
use support::{booking, nik, TestServer, PEKANBARU};

async fn published_key(server: &TestServer) -> PublishedKey {
    let response = server.get("/api/v1/proof-key").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn every_booking_answer_carries_a_proof_the_published_key_verifies_offline() {
    // The folder with the database and the app outlives both servers.
    let dir = tempfile::tempdir().unwrap();
    let config = support::config_in(dir.path());
    let server = TestServer::start_with(tempfile::tempdir().unwrap(), &config).await;
    let (mpp, counter, service) = PEKANBARU;
    let (slot, _) = server.free_slot(mpp, counter, service).await;
    let response = server.book(&booking(mpp, counter, service, &slot, &nik(1))).await;
    assert_eq!(response.status(), 201);
    let created: Booking = response.json().await.unwrap();
    let proof = created.proof.clone().expect("every booking answer carries its proof");
    assert!(proof.starts_with("AQ1.") && proof.len() <= 220, "{proof}");
    let qr = created.qr_svg.as_deref().unwrap();
    println!("proof: {} characters, its QR code {} bytes of SVG", proof.len(), qr.len());
    assert!(qr.starts_with("<svg") && qr.len() < 10_000, "{qr}");

    let response = server.get("/api/v1/proof-key").await;
    assert_eq!(response.headers()["cache-control"], "public, max-age=86400, must-revalidate");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let again = server.client.get(server.url("/api/v1/proof-key")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    let published = published_key(&server).await;
    assert_eq!(published.algorithm, "Ed25519");
    let keys = [published.key().unwrap()];

    // Offline, at the counter, on the day of the slot: valid, and the claims are the booking's.
    let dukcapil = CounterId::new(counter).unwrap();
    let day = created.slot.start.date();
    let here = Here { mpp: &created.mpp.id, counter: &dukcapil, today: day, zone: created.mpp.zone };
    let claims = check(&proof, &keys, &here).unwrap();
    assert_eq!((claims.code, claims.slot_start), (created.code.clone(), created.slot.start_utc));
    let imigrasi = CounterId::new("imigrasi").unwrap();
    let elsewhere = Here { counter: &imigrasi, ..here };
    assert!(matches!(check(&proof, &keys, &elsewhere), Err(ProofError::NotForThisCounter { .. })));
    let tomorrow = Here { today: day.succ_opt().unwrap(), ..here };
    assert!(matches!(check(&proof, &keys, &tomorrow), Err(ProofError::NotToday { .. })));

    // Every read gives the same proof and QR code (Ed25519 signs deterministically).
    let url = server.url(&format!("/api/v1/bookings/{}", created.code.as_str()));
    let token = created.manage_token.as_deref().unwrap();
    let read: Booking = server.client.get(&url).bearer_auth(token).send().await.unwrap().json().await.unwrap();
    assert_eq!((read.proof, read.qr_svg), (created.proof.clone(), created.qr_svg.clone()));

    // Restarted on the same database, the server signs with the same key.
    server.stop().await;
    let restarted = TestServer::start_with(tempfile::tempdir().unwrap(), &config).await;
    assert_eq!(published_key(&restarted).await, published);
    restarted.stop().await;
}
