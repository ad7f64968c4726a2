//! The console's own database when something stops: the console killed (SIGKILL) while
//! changes are on their way to Connect, and the console's PostgreSQL restarted under a
//! running console. No change may end up without its audit entry, a created connector
//! without its owner or first config version, and a stopped database must be a clear 503
//! that goes away by itself.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sluice_backend::store::{AuditEntry, Store};
use sluice_shared::{CreateConnector, ErrorCode};

use crate::support::*;

/// A write timeout long enough for the changes to stay in flight until the kill on a loaded
/// machine, short enough that the sweep (which waits for the write timeout plus 5 s) settles
/// them soon after the restart; a quick lease so the new process leads soon.
const EXTRA: &str = "[connect]\nread_timeout = \"5s\"\nwrite_timeout = \"20s\"\n\
                     [health]\ninterval = \"1s\"\nlease_ttl = \"4s\"\n\
                     [fleet]\ntopic_check_interval = \"1h\"\n";

fn create(name: &str) -> CreateConnector {
    CreateConnector {
        name: name.to_owned(),
        config: file_sink_config(&format!("acme.{}", unique("durable"))),
        initial_state: None,
        tenant: Some("acme".to_owned()),
    }
}

fn entries<'a>(all: &'a [AuditEntry], connector: &str) -> Vec<&'a AuditEntry> {
    all.iter()
        .filter(|e| e.connector_name.as_deref() == Some(connector))
        .collect()
}

fn outcome<'a>(all: &'a [AuditEntry], connector: &str, action: &str) -> &'a str {
    let found: Vec<_> = entries(all, connector)
        .into_iter()
        .filter(|e| e.action == action)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{action}` entry for {connector}: {found:?}"
    );
    &found[0].result
}

/// Creates that Connect carried out but whose answer the console never got, a create and a
/// pause that never reached Connect, then SIGKILL and a new process on the same database.
async fn killed_mid_write(database_url: &str) {
    let store = Store::connect(database_url).await.expect("store");
    store
        .create_tenant("acme", "Acme", "acme-", "acme.", &[], &[])
        .await
        .expect("tenant");
    let proxy = fault_proxy(&connect_url(1)).await;
    let mut console = console_process("durable", database_url, &proxy.url, EXTRA).await;
    let api = Api::admin(&console.base).await;
    let connect = client(1).await;

    let warm = format!("acme-{}", unique("durable-warm"));
    api.create_connector("w1", &create(&warm))
        .await
        .expect("a create before anything goes wrong");

    // Connect acts on these; the console never hears back.
    proxy.set(Fault::SwallowWrites);
    let applied = [
        format!("acme-{}", unique("durable-applied")),
        format!("acme-{}", unique("durable-applied")),
    ];
    for n in &applied {
        let api = Api::admin(&console.base).await;
        let body = create(n);
        tokio::spawn(async move { api.create_connector("w1", &body).await });
    }
    for n in &applied {
        eventually(
            "Connect has the swallowed create",
            Duration::from_secs(30),
            || async { connect.connector(&name(n)).await.ok() },
        )
        .await;
    }
    // These never reach Connect.
    proxy.set(Fault::Hang);
    let lost = format!("acme-{}", unique("durable-lost"));
    {
        let api = Api::admin(&console.base).await;
        let body = create(&lost);
        tokio::spawn(async move { api.create_connector("w1", &body).await });
        let api = Api::admin(&console.base).await;
        let path = format!("/api/v1/clusters/w1/connectors/{warm}/pause");
        tokio::spawn(async move { api.act(reqwest::Method::PUT, &path).await });
    }
    let ours = |e: &&AuditEntry| {
        e.connector_name
            .as_deref()
            .is_some_and(|n| [&warm, &lost].into_iter().chain(&applied).any(|o| o == n))
    };
    eventually(
        "four changes are pending",
        Duration::from_secs(15),
        || async {
            let pending = store.pending_audits(i64::MAX).await.ok()?;
            (pending.iter().filter(ours).count() == 4).then_some(())
        },
    )
    .await;

    console.child.start_kill().expect("SIGKILL");
    console.child.wait().await.expect("reaped");
    proxy.set(Fault::Forward);
    let restarted = console_process("durable-again", database_url, &proxy.url, EXTRA).await;

    // Write timeout 5 s + 5 s of margin, a lease to take over, a sweep every 2.5 s.
    let started = Instant::now();
    eventually(
        "nothing is left pending",
        Duration::from_secs(45),
        || async {
            let pending = store.pending_audits(i64::MAX).await.ok()?;
            (pending.iter().filter(ours).count() == 0).then_some(())
        },
    )
    .await;
    let settled_in = started.elapsed();

    let all = store.audit(None, 10_000).await.expect("audit");
    assert_eq!(outcome(&all, &warm, "create"), "ok");
    let pause = outcome(&all, &warm, "pause");
    assert!(
        pause.starts_with("unknown:"),
        "a pause cut off in flight is not claimed done or failed: {pause}"
    );
    for n in &applied {
        assert_eq!(
            outcome(&all, n, "create"),
            "ok",
            "{n}: Connect has it, so the create is recorded as done"
        );
        assert_eq!(
            store.owner("w1", n).await.expect("owner").as_deref(),
            Some("acme"),
            "{n}: the tenant keeps what it created"
        );
        assert!(
            store
                .latest_config_version("w1", n)
                .await
                .expect("versions")
                .is_some(),
            "{n}: its first config version is recorded"
        );
    }
    let lost_result = outcome(&all, &lost, "create");
    assert!(lost_result.starts_with("failed:"), "{lost_result}");
    assert!(
        store.owner("w1", &lost).await.expect("owner").is_none(),
        "nobody owns a connector that does not exist"
    );
    assert!(connect.connector(&name(&lost)).await.is_err());

    // The new process serves the recovered state: the tenant sees its connectors.
    let fleet_names: Vec<String> = Api::admin(&restarted.base)
        .await
        .connectors("w1")
        .await
        .expect("list")
        .connectors
        .into_iter()
        .map(|c| c.name)
        .collect();
    for n in applied.iter().chain([&warm]) {
        assert!(fleet_names.contains(n), "{n} listed");
    }
    println!(
        "durability ({database_url:.10}…): cut-off changes settled {settled_in:?} after the restart"
    );
    for n in applied.iter().chain([&warm]) {
        let _ = connect.delete_connector(&name(n)).await;
    }
}

#[tokio::test]
async fn sqlite_a_console_killed_mid_write_leaves_every_change_audited_and_every_create_owned() {
    let path = std::env::temp_dir().join(format!("{}.db", unique("durable")));
    killed_mid_write(&format!("sqlite://{}", path.display())).await;
}

#[tokio::test]
async fn postgres_a_console_killed_mid_write_leaves_every_change_audited_and_every_create_owned() {
    killed_mid_write(&fresh_postgres_url().await).await;
}

/// A PostgreSQL server of the test's own, so stopping it disturbs no other test. Removed
/// when dropped.
struct PrivatePostgres {
    bin: std::path::PathBuf,
    dir: std::path::PathBuf,
    port: u16,
}

impl PrivatePostgres {
    fn command(&self, tool: &str) -> tokio::process::Command {
        // PostgreSQL refuses to run as root; the dev stack runs its servers as `postgres`.
        let root = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if root {
            let mut c = tokio::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.bin.join(tool));
            c
        } else {
            tokio::process::Command::new(self.bin.join(tool))
        }
    }

    async fn run(&self, tool: &str, args: &[&str]) {
        let out = self
            .command(tool)
            .args(args)
            .output()
            .await
            .expect("run a PostgreSQL tool");
        assert!(
            out.status.success(),
            "{tool} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn data(&self) -> String {
        format!("{}/data", self.dir.display())
    }

    async fn start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            self.port,
            self.dir.display()
        );
        let log = format!("{}/log", self.dir.display());
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        )
        .await;
    }

    async fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"])
            .await;
    }

    async fn new() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL is installed (dev/setup)")
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .find(|b| b.join("initdb").exists())
            .expect("initdb");
        let dir = std::env::temp_dir().join(unique("console-pg"));
        std::fs::create_dir_all(&dir).expect("dir");
        // Owned by whoever runs the server (`postgres` when the tests run as root).
        let _ = std::process::Command::new("chown")
            .args(["postgres:postgres", &dir.display().to_string()])
            .status();
        let pg = Self {
            bin,
            dir,
            port: free_port(),
        };
        pg.run(
            "initdb",
            &["-D", &pg.data(), "-U", "sluice", "--auth=trust", "-N"],
        )
        .await;
        pg.start().await;
        pg
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .as_std_mut()
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn postgres_restarted_under_a_running_console_is_a_clear_503_and_recovers_without_a_restart()
{
    let pg = PrivatePostgres::new().await;
    let mut config = config_for(&[&connect_url(1)]);
    config.database_url = format!("postgres://sluice@127.0.0.1:{}/postgres", pg.port);
    let (base, _state) = spawn_app(config).await;
    let api = Api::admin(&base).await;
    api.tenants()
        .await
        .expect("answers while the database is up");

    pg.stop().await;
    let started = Instant::now();
    let refusal = api
        .send(reqwest::Method::GET, "/api/v1/tenants")
        .await
        .refusal();
    let took = started.elapsed();
    assert_eq!(
        refusal.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{refusal:?}"
    );
    assert_eq!(refusal.error.code, ErrorCode::ConsoleDatabaseUnavailable);
    assert!(
        took < Duration::from_secs(8),
        "answered in {took:?}, not after a long hang"
    );
    let ready = reqwest::get(format!("{base}/readyz"))
        .await
        .expect("readyz");
    assert_eq!(
        ready.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "not ready without its database"
    );

    pg.start().await;
    // The same session and the same process: it works again once the database is back.
    eventually(
        "the console works again",
        Duration::from_secs(30),
        || async { api.tenants().await.ok() },
    )
    .await;
    let ready = reqwest::get(format!("{base}/readyz"))
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::OK);
}
