package io.leasehold.coordinator.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EtcdConfigTest {

  @Test
  void defaultsAreUsable() {
    EtcdConfig c = EtcdConfig.defaults();

    assertThat(c.endpoints()).containsExactly("http://127.0.0.1:2379");
    assertThat(c.rulesPrefix()).isEqualTo("/leasehold/rules/");
    assertThat(c.rulesRevisionKey()).isEqualTo("/leasehold/rules-rev");
    assertThat(c.leaseTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.tls()).isNull();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void errorsNameTheFieldTheValueAndTheReason() {
    assertThatThrownBy(() -> EtcdConfig.builder().endpoints("127.0.0.1:2379").build())
        .hasMessage("etcd.endpoints[0]: \"127.0.0.1:2379\": expected http://host:port or https://host:port");
    assertThatThrownBy(() -> EtcdConfig.builder().endpoints(List.of()).build())
        .hasMessageStartingWith("etcd.endpoints: []");
    assertThatThrownBy(() -> EtcdConfig.builder().leaseTtl(Duration.ofMillis(1500)).build())
        .hasMessageStartingWith("etcd.lease_ttl: PT1.5S: must be whole seconds");
    assertThatThrownBy(() -> EtcdConfig.builder().leaderSafetyMargin(Duration.ofSeconds(3)).build())
        .hasMessageStartingWith("etcd.leader_safety_margin: PT3S: must be at most half of lease_ttl");
    assertThatThrownBy(() -> EtcdConfig.builder().rulesPrefix("/leasehold/rules").build())
        .hasMessage("etcd.rules_prefix: \"/leasehold/rules\": must end with '/'");
    assertThatThrownBy(() -> EtcdConfig.builder().rulesRevisionKey("/leasehold/rules/rev").build())
        .hasMessageStartingWith("etcd.rules_revision_key: \"/leasehold/rules/rev\": must not lie under rules_prefix");
    assertThatThrownBy(() -> EtcdConfig.builder().retryMaxDelay(Duration.ofMillis(10)).build())
        .hasMessageStartingWith("etcd.retry_max_delay: PT0.01S");
  }

  @Test
  void tlsAndSchemeMustAgree() {
    EtcdTls tls = EtcdTls.trusting(Path.of("/etc/etcd/ca.pem"));

    assertThat(EtcdConfig.builder().endpoints("https://etcd-0:2379").tls(tls).build().tls()).isEqualTo(tls);
    assertThatThrownBy(() -> EtcdConfig.builder().endpoints("http://etcd-0:2379").tls(tls).build())
        .hasMessage("etcd.endpoints[0]: \"http://etcd-0:2379\": tls is configured, so use https://");
    assertThatThrownBy(() -> EtcdConfig.builder().endpoints("https://etcd-0:2379").build())
        .hasMessageContaining("https:// needs etcd.tls");
    assertThatThrownBy(() -> new EtcdTls(Path.of("ca.pem"), Path.of("client.pem"), null, null))
        .hasMessageContaining("set both for mutual TLS, or neither");
  }

  @Test
  void unreadableTlsFilesAreReportedByName() {
    EtcdConfig c = EtcdConfig.builder().endpoints("https://etcd-0:2379")
        .tls(EtcdTls.trusting(Path.of("/nonexistent/ca.pem"))).build();

    assertThatThrownBy(() -> EtcdClients.create(c))
        .hasMessage("etcd.tls.ca_file: /nonexistent/ca.pem: no such readable file");
  }

  @Test
  void thePasswordNeverAppearsInText() {
    EtcdConfig c = EtcdConfig.builder().auth(new EtcdAuth("coordinator", "s3cret")).build();

    assertThat(c.toString()).contains("coordinator").doesNotContain("s3cret");
  }
}
