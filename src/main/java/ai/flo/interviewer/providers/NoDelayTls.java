package ai.flo.interviewer.providers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS for the provider clients with Nagle's algorithm off. OkHttp (under openai-java)
 * leaves it on, and a request written in pieces (a multipart upload, its headers then its
 * body) then waits for the peer's delayed acknowledgement: measured 48 to 95 ms per
 * speech-to-text call on loopback against 3 to 20 ms without. Every socket this factory
 * makes or wraps gets {@code TCP_NODELAY}; certificates are checked by the JDK's default
 * trust store, as without it.
 */
public final class NoDelayTls {

	private final X509TrustManager trustManager;

	private final SSLSocketFactory socketFactory;

	private NoDelayTls(X509TrustManager trustManager, SSLSocketFactory socketFactory) {
		this.trustManager = trustManager;
		this.socketFactory = socketFactory;
	}

	/**
	 * The JDK's default trust, with a socket factory that turns Nagle's algorithm off.
	 */
	public static NoDelayTls create() {
		try {
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init((KeyStore) null);
			X509TrustManager trust = null;
			for (TrustManager manager : factory.getTrustManagers()) {
				if (manager instanceof X509TrustManager x509) {
					trust = x509;
				}
			}
			if (trust == null) {
				throw new IllegalStateException("the JDK offers no X509 trust manager");
			}
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { trust }, null);
			return new NoDelayTls(trust, new Factory(context.getSocketFactory()));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("TLS is not available: " + ex.getMessage(), ex);
		}
	}

	public X509TrustManager trustManager() {
		return this.trustManager;
	}

	public SSLSocketFactory socketFactory() {
		return this.socketFactory;
	}

	static final class Factory extends SSLSocketFactory {

		private final SSLSocketFactory delegate;

		Factory(SSLSocketFactory delegate) {
			this.delegate = delegate;
		}

		@Override
		public String[] getDefaultCipherSuites() {
			return this.delegate.getDefaultCipherSuites();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.delegate.getSupportedCipherSuites();
		}

		@Override
		public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
			socket.setTcpNoDelay(true);
			return noDelay(this.delegate.createSocket(socket, host, port, autoClose));
		}

		@Override
		public Socket createSocket() throws IOException {
			return noDelay(this.delegate.createSocket());
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return noDelay(this.delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return noDelay(this.delegate.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return noDelay(this.delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return noDelay(this.delegate.createSocket(address, port, localAddress, localPort));
		}

		private static Socket noDelay(Socket socket) throws IOException {
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

}
