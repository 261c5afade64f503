package ai.flo.interviewer.shared;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers are our own reverse proxies, and so who the client is: the right-most
 * address of {@code X-Forwarded-For} that is not one of them (each proxy appends the
 * address it received from, so everything left of the first untrusted hop could have been
 * written by the client).
 */
final class TrustedProxies {

	private final List<Range> ranges;

	private TrustedProxies(List<Range> ranges) {
		this.ranges = ranges;
	}

	/**
	 * @param entries addresses ({@code 10.0.0.7}, {@code ::1}) or CIDR ranges
	 * ({@code 10.0.0.0/8}, {@code fd00::/8})
	 * @throws ConfigurationException naming the entry that is neither
	 */
	static TrustedProxies of(List<String> entries) {
		List<Range> ranges = new ArrayList<>();
		for (String entry : entries) {
			ranges.add(Range.parse(entry));
		}
		return new TrustedProxies(List.copyOf(ranges));
	}

	boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	boolean trusts(String address) {
		byte[] bytes = literal(address);
		return bytes != null && this.ranges.stream().anyMatch((range) -> range.contains(bytes));
	}

	/**
	 * The client's address: {@code peer} unless it is a trusted proxy, else the
	 * right-most untrusted hop of the forwarded chain ({@code X-Forwarded-For} values, in
	 * order).
	 */
	String client(String peer, List<String> forwardedFor) {
		if (!trusts(peer) || forwardedFor.isEmpty()) {
			return peer;
		}
		List<String> hops = new ArrayList<>();
		for (String header : forwardedFor) {
			for (String hop : header.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.strip());
				}
			}
		}
		String client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (literal(hop) == null) {
				// Not an address (garbage, or "unknown"): stop believing the chain here.
				return client;
			}
			client = hop;
			if (!trusts(hop)) {
				return hop;
			}
		}
		return client;
	}

	/**
	 * The bytes of an IP literal, or {@code null}; never a DNS lookup (only digits, dots,
	 * colons and hex).
	 */
	static byte[] literal(String text) {
		if (text == null) {
			return null;
		}
		String value = text.strip();
		if (value.startsWith("[") && value.endsWith("]")) {
			value = value.substring(1, value.length() - 1);
		}
		if (value.isEmpty() || value.length() > 45 || !value.matches("[0-9A-Fa-f:.]+") || !value.matches(".*[.:].*")) {
			return null;
		}
		if (!value.contains(":") && !value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
			return null;
		}
		try {
			return InetAddress.getByName(value).getAddress();
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private record Range(byte[] network, int bits) {

		static Range parse(String entry) {
			String value = entry.strip();
			int slash = value.indexOf('/');
			byte[] address = literal((slash < 0) ? value : value.substring(0, slash));
			if (address == null) {
				throw invalid(entry);
			}
			int bits = address.length * 8;
			if (slash >= 0) {
				try {
					bits = Integer.parseInt(value.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					throw invalid(entry);
				}
				if (bits < 0 || bits > address.length * 8) {
					throw invalid(entry);
				}
			}
			return new Range(address, bits);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int full = this.bits / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[full] & mask) == (this.network[full] & mask);
		}

		private static ConfigurationException invalid(String entry) {
			return new ConfigurationException("FLO_TRUSTED_PROXIES",
					"'" + entry + "' is not an IP address or CIDR range.",
					"List the reverse proxies in front of the API as addresses or ranges, comma-separated, "
							+ "e.g. 10.0.0.0/8,127.0.0.1.");
		}

	}

}
