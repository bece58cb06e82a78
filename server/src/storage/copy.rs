//! Moving a whole database to another, e.g. an SQLite deployment to PostgreSQL: every table, row
//! by row, into a new database in one transaction, then the counts compared. The secret moves
//! with the settings, so NIK hashes and manage tokens given before the move keep working.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};

use super::{Engine, StorageError};

/// A column's type, as both engines store it.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Integer,
}

use Kind::{Integer, Text};

/// A table and its columns, in an order that respects the foreign keys; `upsert` for tables a
/// server may have filled when it started on the new database (the directory, the settings).
struct Table {
    name: &'static str,
    key: &'static str,
    columns: &'static [(&'static str, Kind)],
    upsert: bool,
}

const TABLES: &[Table] = &[
    Table {
        name: "mpp",
        key: "id",
        columns: &[
            ("id", Text),
            ("name", Text),
            ("province_code", Text),
            ("regency_code", Text),
            ("document", Text),
            ("listed", Integer),
            ("synced_at", Text),
        ],
        upsert: true,
    },
    Table {
        name: "booking",
        key: "code",
        columns: &[
            ("code", Text),
            ("token_hash", Text),
            ("mpp_id", Text),
            ("counter_id", Text),
            ("service_id", Text),
            ("slot_start", Text),
            ("local_date", Text),
            ("nik_hash", Text),
            ("applicant", Text),
            ("answers", Text),
            ("document", Text),
            ("status", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        upsert: false,
    },
    Table {
        name: "idempotency",
        key: "key_hash",
        columns: &[
            ("key_hash", Text),
            ("request_hash", Text),
            ("booking_code", Text),
            ("response", Text),
            ("created_at", Text),
        ],
        upsert: false,
    },
    Table {
        name: "slot_usage",
        key: "mpp_id, counter_id, slot_start",
        columns: &[("mpp_id", Text), ("counter_id", Text), ("slot_start", Text), ("taken", Integer)],
        upsert: false,
    },
    Table {
        name: "day_usage",
        key: "mpp_id, counter_id, service_id, local_date",
        columns: &[
            ("mpp_id", Text),
            ("counter_id", Text),
            ("service_id", Text),
            ("local_date", Text),
            ("taken", Integer),
        ],
        upsert: false,
    },
    Table {
        name: "hold",
        key: "id",
        columns: &[
            ("id", Text),
            ("mpp_id", Text),
            ("counter_id", Text),
            ("service_id", Text),
            ("slot_start", Text),
            ("local_date", Text),
            ("client", Text),
            ("expires_at", Text),
            ("used", Integer),
            ("superseded", Integer),
        ],
        upsert: false,
    },
    Table {
        name: "queue_day",
        key: "mpp_id, counter_id, local_date",
        columns: &[("mpp_id", Text), ("counter_id", Text), ("local_date", Text), ("last_number", Integer)],
        upsert: false,
    },
    Table {
        name: "queue_ticket",
        key: "mpp_id, counter_id, local_date, number",
        columns: &[
            ("mpp_id", Text),
            ("counter_id", Text),
            ("local_date", Text),
            ("number", Integer),
            ("letter", Text),
            ("booking_code", Text),
            ("service_id", Text),
            ("issued_at", Text),
            ("state", Text),
            ("at_counter", Text),
            ("desk", Integer),
            ("called_at", Text),
            ("calls", Integer),
            ("priority", Text),
            ("transferred_from", Text),
        ],
        upsert: false,
    },
    Table {
        name: "queue_change",
        key: "mpp_id, local_date",
        columns: &[("mpp_id", Text), ("local_date", Text), ("version", Integer)],
        upsert: false,
    },
    Table {
        name: "staff",
        key: "username",
        columns: &[
            ("username", Text),
            ("mpp_id", Text),
            ("counter_id", Text),
            ("password_hash", Text),
            ("created_at", Text),
        ],
        upsert: false,
    },
    Table {
        name: "staff_session",
        key: "token_hash",
        columns: &[
            ("token_hash", Text),
            ("username", Text),
            ("desk", Integer),
            ("created_at", Text),
            ("expires_at", Text),
        ],
        upsert: false,
    },
    // The audit's ids are the target's own (its identity sequence stays right); the order is kept.
    Table {
        name: "staff_audit",
        key: "id",
        columns: &[
            ("at", Text),
            ("username", Text),
            ("mpp_id", Text),
            ("counter_id", Text),
            ("desk", Integer),
            ("action", Text),
            ("queue_number", Text),
            ("detail", Text),
        ],
        upsert: false,
    },
    Table {
        name: "draw",
        key: "id",
        columns: &[("id", Text), ("state", Text), ("drawn_at", Text), ("places", Integer), ("published", Text)],
        upsert: false,
    },
    Table {
        name: "draw_entry",
        key: "fingerprint",
        columns: &[
            ("fingerprint", Text),
            ("draw_id", Text),
            ("nik_hash", Text),
            ("key_hash", Text),
            ("full_name", Text),
            ("applicant", Text),
            ("answers", Text),
            ("bring", Text),
            ("preference", Text),
            ("booking_code", Text),
            ("created_at", Text),
            ("updated_at", Text),
        ],
        upsert: false,
    },
    Table { name: "setting", key: "name", columns: &[("name", Text), ("value", Text)], upsert: true },
];

/// Rows copied per table, in copy order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    pub tables: Vec<(&'static str, u64)>,
}

impl std::fmt::Display for Copied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.tables.iter().map(|(table, rows)| format!("{table}: {rows}")).collect();
        f.write_str(&parts.join(", "))
    }
}

/// Copies everything from the database at `from` into the one at `to` (both migrated first). The
/// target must hold no bookings, holds or idempotency records yet; nothing is written to it
/// unless the whole copy succeeds.
pub async fn copy_database(from: &str, to: &str) -> Result<Copied, StorageError> {
    let (source_engine, target_engine) = (Engine::of(from)?, Engine::of(to)?);
    let source = source_engine.open(from, 2).await?;
    let target = target_engine.open(to, 2).await?;
    let mut tx = target.begin_with(target_engine.begin_write()).await?;
    for table in [
        "booking",
        "idempotency",
        "hold",
        "slot_usage",
        "day_usage",
        "queue_day",
        "queue_ticket",
        "staff",
        "staff_audit",
        "draw_entry",
    ] {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(&mut *tx).await?;
        if rows > 0 {
            return Err(StorageError::TargetNotEmpty);
        }
    }
    let mut copied = Copied { tables: Vec::new() };
    for table in TABLES {
        let rows = copy_table(&source, &mut tx, table).await?;
        copied.tables.push((table.name, rows));
    }
    tx.commit().await?;
    for (table, rows) in &copied.tables {
        let there = count_rows(&target, table).await?;
        if there != *rows || count_rows(&source, table).await? != *rows {
            return Err(StorageError::BadValue(format!("{table}: {rows} rows copied, {there} in the target")));
        }
    }
    source.close().await;
    target.close().await;
    Ok(copied)
}

async fn count_rows(pool: &AnyPool, table: &str) -> Result<u64, StorageError> {
    let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(pool).await?;
    u64::try_from(rows).map_err(|_| StorageError::BadValue(format!("{table}: {rows} rows")))
}

async fn copy_table(source: &AnyPool, target: &mut AnyConnection, table: &Table) -> Result<u64, StorageError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let select = format!("SELECT {} FROM {} ORDER BY {}", names.join(", "), table.name, table.key);
    let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
    let mut insert = format!("INSERT INTO {} ({}) VALUES ({})", table.name, names.join(", "), placeholders.join(", "));
    if table.upsert {
        let updates: Vec<String> = names.iter().map(|name| format!("{name} = excluded.{name}")).collect();
        insert.push_str(&format!(" ON CONFLICT ({}) DO UPDATE SET {}", table.key, updates.join(", ")));
    }
    let rows: Vec<AnyRow> = sqlx::query(&select).fetch_all(source).await?;
    for row in &rows {
        let mut query = sqlx::query(&insert);
        for (index, (_, kind)) in table.columns.iter().enumerate() {
            query = match kind {
                Text => query.bind(row.try_get::<Option<String>, _>(index)?),
                Integer => query.bind(row.try_get::<Option<i64>, _>(index)?),
            };
        }
        query.execute(&mut *target).await?;
    }
    Ok(rows.len() as u64)
}
