//! A leak-scan corpus for tests: one credential of every form redaction covers.

/// A leak-scan corpus: `(key, value, secret)` for every credential form redaction covers. Each
/// secret is distinctive, JSON-safe, and appears in its value only inside the credential (twice
/// where the form lets a password hold a delimiter, so a half-hidden one still shows), so
/// finding it anywhere after redaction is a leak. The keys sit under `leakscan.`, which no
/// connector reads, so a connector created with all of them still starts.
#[doc(hidden)]
pub fn credential_forms() -> Vec<(&'static str, String, &'static str)> {
    // `%s` marks where the secret goes.
    const FORMS: [(&str, &str, &str); 20] = [
        (
            "leakscan.jdbc.url",
            "jdbc:postgresql://db:5432/wh?user=app&sslpassword=%s&sslmode=require",
            "S3cretUrlQuery-2b8f",
        ),
        (
            "leakscan.sqlserver.url",
            "jdbc:sqlserver://db:1433;databaseName=wh;user=sa;Password=%s;encrypt=true",
            "S3cretJdbcParam-5d2a",
        ),
        (
            "leakscan.sqlserver.braced",
            "jdbc:sqlserver://db:1433;user=sa;password={%s;%s}};x};encrypt=true",
            "S3cretJdbcBrace-c41a",
        ),
        (
            "leakscan.odbc",
            "PWD=%s;UID=app;Server=db",
            "S3cretOdbcStart-48e2",
        ),
        (
            "leakscan.eventhubs",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=%s",
            "S3cretAzureKey-0d7b",
        ),
        (
            "leakscan.mongodb.uri",
            "mongodb://app:%s/%s@%s@db1:27017,db2:27017/?replicaSet=rs0",
            "S3cretMongoSlash-7d1e",
        ),
        (
            "leakscan.mongodb.srv",
            "mongodb+srv://app:%s@cluster0.example.net/wh?retryWrites=true",
            "S3cretMongoSrv-1f6c",
        ),
        (
            "leakscan.redis.url",
            "redis://:%s@cache:6379/0",
            "S3cretRedis-e27b",
        ),
        (
            "leakscan.endpoints",
            r#"{"primary":"https://app:%s@api.example.com/v1","fallback":"none"}"#,
            "S3cretEmbeddedUri-8a3b",
        ),
        (
            "leakscan.libpq",
            "host=db port=5432 user=app password=%s dbname=wh",
            "S3cretLibpq-3e9c",
        ),
        (
            "leakscan.libpq.quoted",
            r"host=db user=app password='%s two\'%s' dbname=wh sslmode=require",
            "S3cretLibpqQuoted-6b0d",
        ),
        ("leakscan.db.pwd", "%s", "S3cretPwdKey-4a7e"),
        ("leakscan.source_pwd", "%s", "S3cretUnderscorePwd-91cd"),
        ("leakscan.tls.passphrase", "%s", "S3cretPassphrase-d03f"),
        (
            "leakscan.value.converter.basic.auth.user.info",
            "sr-user:%s",
            "S3cretUserInfo-6f14",
        ),
        (
            "leakscan.login",
            r#"org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="%s";"#,
            "S3cretJaasPlain-0c5f",
        ),
        (
            "leakscan.client.jaas",
            r#"org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="%s";"#,
            "S3cretJaasScram-73aa",
        ),
        (
            "leakscan.oauth",
            r#"org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required clientId="app" clientSecret="%s";"#,
            "S3cretJaasOauth-b51e",
        ),
        (
            "leakscan.tls.material",
            "-----BEGIN PRIVATE KEY-----\n%s\n%s\n-----END PRIVATE KEY-----\n",
            "S3cretPemBody-5e0a",
        ),
        (
            "leakscan.gcp.account",
            r#"{"type":"service_account","private_key":"-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n"}"#,
            "S3cretServiceAccount-2c9d",
        ),
    ];
    FORMS
        .into_iter()
        .map(|(key, value, secret)| (key, value.replace("%s", secret), secret))
        .collect()
}
