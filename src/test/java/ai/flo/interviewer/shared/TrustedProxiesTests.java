package ai.flo.interviewer.shared;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who the client is behind our own reverse proxies, and only behind them. */
class TrustedProxiesTests {

	private final TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "127.0.0.1", "fd00::/8"));

	@Test
	void withoutTrustedProxiesTheHeaderIsIgnored() {
		TrustedProxies none = TrustedProxies.of(List.of());
		assertThat(none.client("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("10.1.2.3");
	}

	@Test
	void aTrustedPeerForwardsTheClientAddress() {
		assertThat(this.proxies.client("10.1.2.3", List.of("203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(this.proxies.client("127.0.0.1", List.of("2001:db8::1"))).isEqualTo("2001:db8::1");
	}

	@Test
	void anUntrustedPeerIsTheClientWhateverItWrites() {
		assertThat(this.proxies.client("198.51.100.7", List.of("203.0.113.9"))).isEqualTo("198.51.100.7");
	}

	@Test
	void theRightMostUntrustedHopIsTheClientNotWhatTheClientWroteBeforeIt() {
		// The client wrote "1.1.1.1"; our proxies appended the client's real address and
		// their own.
		assertThat(this.proxies.client("10.0.0.5", List.of("1.1.1.1, 203.0.113.9, 10.0.0.9"))).isEqualTo("203.0.113.9");
		assertThat(this.proxies.client("10.0.0.5", List.of("1.1.1.1", "203.0.113.9"))).isEqualTo("203.0.113.9");
	}

	@Test
	void garbageInTheChainStopsTheWalk() {
		assertThat(this.proxies.client("10.0.0.5", List.of("evil.example.com, 10.0.0.9"))).isEqualTo("10.0.0.9");
		assertThat(this.proxies.client("10.0.0.5", List.of("unknown"))).isEqualTo("10.0.0.5");
	}

	@Test
	void allHopsTrustedGivesTheLeftMost() {
		assertThat(this.proxies.client("10.0.0.5", List.of("10.0.0.1, 10.0.0.2"))).isEqualTo("10.0.0.1");
	}

	@Test
	void rangesMatchByPrefix() {
		TrustedProxies ranges = TrustedProxies.of(List.of("192.168.4.0/22"));
		assertThat(ranges.trusts("192.168.7.255")).isTrue();
		assertThat(ranges.trusts("192.168.8.0")).isFalse();
		assertThat(ranges.trusts("not-an-address")).isFalse();
		assertThat(this.proxies.trusts("fd12::1")).isTrue();
		assertThat(this.proxies.trusts("fe80::1")).isFalse();
	}

	@Test
	void aBadEntryStopsTheStartNamingTheVariable() {
		assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")))
			.isInstanceOf(ConfigurationException.class)
			.hasMessageContaining("FLO_TRUSTED_PROXIES")
			.hasMessageContaining("proxy.internal");
		assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).isInstanceOf(ConfigurationException.class);
	}

	@Test
	void neverLooksUpANameInDns() {
		assertThat(TrustedProxies.literal("localhost")).isNull();
		assertThat(TrustedProxies.literal("1.2.3")).isNull();
		assertThat(TrustedProxies.literal("[::1]")).hasSize(16);
	}

}
