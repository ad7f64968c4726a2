//! Kafka servers of a test's own, from the stack's jars, that it may kill (SIGKILL, as in a
//! crash) and start again without disturbing the tests sharing the dev stack: a broker (KRaft,
//! one node) and Connect workers forming a cluster of their own on the stack's broker.

use std::path::PathBuf;
use std::time::Duration;

use super::{eventually, free_port, repo_root, unique};

pub struct PrivateKafka {
    pub bootstrap: String,
    dir: PathBuf,
    child: Option<tokio::process::Child>,
}

fn stack_dir() -> PathBuf {
    std::env::var_os("SLUICE_STACK_DIR").map_or_else(|| repo_root().join(".stack"), PathBuf::from)
}

fn java(dir: &std::path::Path) -> tokio::process::Command {
    let stack = stack_dir();
    let mut c = tokio::process::Command::new("java");
    // The client JIT only and one compiler thread: these servers live a minute or two, and
    // start beside the rest of the suite on a loaded machine (C2 would burn CPU for nothing).
    c.args([
        "-Xms64m",
        "-Xmx384m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-XX:CICompilerCount=1",
    ])
    .arg(format!(
        "-Dlog4j2.configurationFile={}",
        stack.join("log4j2.properties").display()
    ))
    .arg("-cp")
    .arg(format!("{}/*", stack.join("kafka-libs").display()))
    .current_dir(dir)
    .kill_on_drop(true);
    c
}

impl PrivateKafka {
    /// Formats and starts a broker on free ports; answers once it takes metadata requests.
    pub async fn start() -> Self {
        let dir = std::env::temp_dir().join(unique("it-kafka"));
        std::fs::create_dir_all(dir.join("data")).expect("dir");
        let (port, controller) = (free_port(), free_port());
        let properties = format!(
            "process.roles=broker,controller\n\
             node.id=1\n\
             controller.quorum.voters=1@127.0.0.1:{controller}\n\
             listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller}\n\
             advertised.listeners=PLAINTEXT://127.0.0.1:{port}\n\
             controller.listener.names=CONTROLLER\n\
             inter.broker.listener.name=PLAINTEXT\n\
             listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n\
             log.dirs={}\n\
             num.partitions=1\n\
             offsets.topic.replication.factor=1\n\
             transaction.state.log.replication.factor=1\n\
             transaction.state.log.min.isr=1\n\
             share.coordinator.state.topic.replication.factor=1\n\
             share.coordinator.state.topic.min.isr=1\n\
             group.initial.rebalance.delay.ms=0\n\
             auto.create.topics.enable=true\n",
            dir.join("data").display()
        );
        std::fs::write(dir.join("server.properties"), properties).expect("properties");
        // A cluster id is a UUID in URL-safe base64 without padding.
        let cluster_id = {
            use base64::Engine;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(uuid::Uuid::new_v4().as_bytes())
        };
        let format = java(&dir)
            .args([
                "kafka.tools.StorageTool",
                "format",
                "-t",
                &cluster_id,
                "-c",
                "server.properties",
            ])
            .output()
            .await
            .expect("run Kafka's storage tool");
        assert!(
            format.status.success(),
            "format: {}{}",
            String::from_utf8_lossy(&format.stdout),
            String::from_utf8_lossy(&format.stderr)
        );
        let mut kafka = Self {
            bootstrap: format!("127.0.0.1:{port}"),
            dir,
            child: None,
        };
        kafka.resume().await;
        kafka
    }

    /// Starts the broker again on its data and waits until it answers.
    pub async fn resume(&mut self) {
        let log = std::fs::File::create(self.dir.join("out.log")).expect("log");
        let child = java(&self.dir)
            .args(["kafka.Kafka", "server.properties"])
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start Kafka");
        self.child = Some(child);
        let bootstrap = self.bootstrap.clone();
        eventually(
            "the private broker answers",
            Duration::from_secs(90),
            || {
                let bootstrap = bootstrap.clone();
                async move {
                    tokio::task::spawn_blocking(move || answers(&bootstrap))
                        .await
                        .ok()?
                        .then_some(())
                }
            },
        )
        .await;
    }

    /// SIGKILL: the broker stops at once, as in a crash.
    pub async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.expect("kill the broker");
        }
    }
}

fn answers(bootstrap: &str) -> bool {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    let Ok(c) = rdkafka::ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .create::<BaseConsumer>()
    else {
        return false;
    };
    c.fetch_metadata(None, Duration::from_secs(2))
        .is_ok_and(|m| !m.brokers().is_empty())
}

impl Drop for PrivateKafka {
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = c.start_kill();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A Connect worker in a group of the test's own (its own internal topics on the stack's
/// broker), with only the FileStream plugins: several form a cluster that rebalances when one
/// is killed, touching no other test's connectors.
pub struct PrivateConnect {
    pub url: String,
    dir: PathBuf,
    child: Option<tokio::process::Child>,
}

impl PrivateConnect {
    /// Starts a worker of `group` and waits until it has joined it and answers.
    pub async fn start(group: &str) -> Self {
        let dir = std::env::temp_dir().join(unique("it-connect"));
        std::fs::create_dir_all(&dir).expect("dir");
        let port = free_port();
        let properties = format!(
            "bootstrap.servers={bootstrap}\n\
             group.id={group}\n\
             config.storage.topic={group}-configs\n\
             offset.storage.topic={group}-offsets\n\
             status.storage.topic={group}-status\n\
             config.storage.replication.factor=1\n\
             offset.storage.replication.factor=1\n\
             status.storage.replication.factor=1\n\
             key.converter=org.apache.kafka.connect.json.JsonConverter\n\
             value.converter=org.apache.kafka.connect.json.JsonConverter\n\
             listeners=http://127.0.0.1:{port}\n\
             rest.advertised.host.name=127.0.0.1\n\
             rest.advertised.port={port}\n\
             plugin.path={plugins}\n\
             offset.flush.interval.ms=1000\n\
             session.timeout.ms=6000\n\
             heartbeat.interval.ms=1000\n\
             scheduled.rebalance.max.delay.ms=3000\n",
            bootstrap = super::kafka_bootstrap(),
            plugins = stack_dir().join("plugins/connect-file").display(),
        );
        std::fs::write(dir.join("connect.properties"), properties).expect("properties");
        let log = std::fs::File::create(dir.join("out.log")).expect("log");
        let child = java(&dir)
            .args([
                "org.apache.kafka.connect.cli.ConnectDistributed",
                "connect.properties",
            ])
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start a Connect worker");
        let url = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let health = format!("{url}/health");
        let ready = tokio::time::timeout(Duration::from_secs(240), async {
            loop {
                let answer = http
                    .get(&health)
                    .timeout(Duration::from_secs(2))
                    .send()
                    .await;
                if answer.is_ok_and(|r| r.status().is_success()) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        })
        .await;
        if ready.is_err() {
            let log = std::fs::read_to_string(dir.join("out.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(30).collect();
            panic!(
                "the private worker did not become ready in 240 s; its log ends:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        Self {
            url,
            dir,
            child: Some(child),
        }
    }

    /// SIGKILL: the worker stops at once, whatever it was doing.
    pub async fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().await.expect("kill the worker");
        }
    }
}

impl Drop for PrivateConnect {
    fn drop(&mut self) {
        if let Some(c) = self.child.as_mut() {
            let _ = c.start_kill();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
