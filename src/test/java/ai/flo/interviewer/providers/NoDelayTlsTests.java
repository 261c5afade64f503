package ai.flo.interviewer.providers;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every socket the provider clients' TLS factory makes or wraps has Nagle's algorithm
 * off.
 */
class NoDelayTlsTests {

	@Test
	void wrappedAndNewSocketsSendAtOnce() throws Exception {
		NoDelayTls tls = NoDelayTls.create();
		assertThat(tls.trustManager().getAcceptedIssuers()).as("the JDK's trusted CAs").isNotEmpty();
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket raw = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
			assertThat(raw.getTcpNoDelay()).isFalse();
			try (Socket tlsSocket = tls.socketFactory().createSocket(raw, "localhost", server.getLocalPort(), true)) {
				assertThat(raw.getTcpNoDelay()).isTrue();
				assertThat(tlsSocket.getTcpNoDelay()).isTrue();
			}
			try (Socket fresh = tls.socketFactory().createSocket()) {
				assertThat(fresh.getTcpNoDelay()).isTrue();
			}
		}
	}

}
