package ai.flo.interviewer.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who this process is, as other processes sharing the database see it: the host name, the
 * process id and the role (api or worker).
 */
public record ProcessIdentity(String host, long pid, String role) {

	public static ProcessIdentity current(String role) {
		return new ProcessIdentity(hostName(), ProcessHandle.current().pid(), role);
	}

	/** A stable id for leases and heartbeats: {@code host:pid}. */
	public String id() {
		return this.host + ":" + this.pid;
	}

	static String hostName() {
		String env = System.getenv("HOSTNAME");
		if (env != null && !env.isBlank()) {
			return env.strip();
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
