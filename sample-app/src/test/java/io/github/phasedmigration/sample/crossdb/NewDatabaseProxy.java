package io.github.phasedmigration.sample.crossdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;

import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP proxy between the application and the new side's PostgreSQL: the tests take the new
 * database away and give it back here, and never touch the shared server.
 */
final class NewDatabaseProxy implements AutoCloseable {

	private final NioReactor reactor;

	private final TcpCrusher crusher;

	private final int port;

	private NewDatabaseProxy(NioReactor reactor, TcpCrusher crusher, int port) {
		this.reactor = reactor;
		this.crusher = crusher;
		this.port = port;
	}

	/** Opens a proxy on a free local port to the host and port of a JDBC URL. */
	static NewDatabaseProxy to(String jdbcUrl) {
		URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
		try {
			NioReactor reactor = new NioReactor();
			// a fixed port, not 0: after refuse() and accept() the application must find it again
			int port = freePort();
			TcpCrusher crusher = TcpCrusherBuilder.builder()
				.withReactor(reactor)
				.withBindAddress("127.0.0.1", port)
				.withConnectAddress(target.getHost(), target.getPort())
				.buildAndOpen();
			return new NewDatabaseProxy(reactor, crusher, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The same JDBC URL, through this proxy. */
	String proxied(String jdbcUrl) {
		URI target = URI.create(jdbcUrl.substring("jdbc:".length()));
		InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort());
		return jdbcUrl.replace("//" + address.getHostString() + ":" + address.getPort() + "/",
				"//127.0.0.1:" + this.port + "/");
	}

	/** Closes every connection and refuses new ones: the new database is down. */
	void refuse() {
		this.crusher.close();
	}

	/** Accepts connections again: the new database is back. */
	void accept() {
		if (!this.crusher.isOpen()) {
			this.crusher.open();
		}
	}

	/** Cuts every open connection, wherever its statement or transaction is; new ones still connect. */
	void cutConnections() {
		this.crusher.closeAllPairs();
	}

	/**
	 * Stops passing bytes either way on every connection, open or new, without closing any: the new
	 * database hangs, as behind a stalled network. A statement sent meanwhile waits in the proxy.
	 */
	void freeze() {
		this.crusher.freeze();
	}

	/** Passes bytes again, including the ones that waited. */
	void unfreeze() {
		this.crusher.unfreeze();
	}

	@Override
	public void close() {
		this.crusher.close();
		this.reactor.close();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
