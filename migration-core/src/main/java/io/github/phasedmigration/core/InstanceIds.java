package io.github.phasedmigration.core;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;

/**
 * Names of this process for the rows it claims or leases (journal entries, backfill checkpoints):
 * {@code host:pid:random}. The host and process tell an operator whose claim a row shows; the
 * random part keeps two processes apart that share both, such as containers with the same host name
 * and pid 1. In the core, not in a JDBC module, so that an application without one still gets an
 * id for its backfills.
 */
public final class InstanceIds {

	/** The longest id that the stores' columns ({@code claimed_by}, {@code lease_owner}) hold. */
	public static final int MAX_LENGTH = 100;

	private static final SecureRandom random = new SecureRandom();

	private InstanceIds() {
	}

	/**
	 * Checks an id given by configuration.
	 * @throws InvalidSettingException naming {@code instance-id} unless it has 1 to
	 * {@value #MAX_LENGTH} characters and is not blank
	 */
	public static String check(String id) {
		InvalidSettingException.require(!id.isBlank() && id.length() <= MAX_LENGTH, "instance-id", "'" + id + "'",
				"1 to " + MAX_LENGTH + " characters and not blank");
		return id;
	}

	/** A new id for this process, different at each call. */
	public static String generate() {
		byte[] bytes = new byte[4];
		random.nextBytes(bytes);
		String suffix = ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().formatHex(bytes);
		String host = hostName();
		int room = MAX_LENGTH - suffix.length();
		return ((host.length() > room) ? host.substring(0, room) : host) + suffix;
	}

	private static String hostName() {
		// the environment first: InetAddress.getLocalHost() may wait for a DNS time-out
		String host = environment("HOSTNAME");
		if (host == null) {
			host = environment("COMPUTERNAME");
		}
		if (host == null) {
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				host = "unknown-host";
			}
		}
		return host;
	}

	private static @Nullable String environment(String name) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

}
