package dev.clauderesilience.test.redis;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clauderesilience.test.redis.RespClient.ErrorReply;

/**
 * Joins running cluster-enabled nodes into one cluster of masters, as {@code redis-cli --cluster
 * create} does without replicas: a distinct config epoch each, an even share of the slots each
 * ({@code CLUSTER ADDSLOTS}, which Redis 6.2 and 7 both have), then {@code CLUSTER MEET}, then
 * waiting until every node says the cluster is ok and all report the same slot map.
 */
final class ClusterFormation {

	private final List<RedisNode> nodes;

	private final int slots;

	private final Duration commandTimeout;

	ClusterFormation(List<RedisNode> nodes, int slots, Duration commandTimeout) {
		this.nodes = List.copyOf(nodes);
		this.slots = slots;
		this.commandTimeout = commandTimeout;
	}

	void form(Duration timeout) {
		int count = this.nodes.size();
		for (int i = 0; i < count; i++) {
			try (RespClient client = connect(this.nodes.get(i))) {
				// distinct epochs from the start spare the nodes resolving a collision among themselves
				client.command("CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1));
				List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
				for (int slot = firstSlot(i, count); slot < firstSlot(i + 1, count); slot++) {
					addSlots.add(String.valueOf(slot));
				}
				client.command(addSlots);
			}
		}
		try (RespClient first = connect(this.nodes.get(0))) {
			for (RedisNode node : this.nodes.subList(1, count)) {
				first.command("CLUSTER", "MEET", RespClient.HOST, String.valueOf(node.port()));
			}
		}
		Map<RedisNode, String> states = new LinkedHashMap<>();
		if (!RedisNode.pollUntil(timeout, () -> isReady(states))) {
			StringBuilder message = new StringBuilder("The Redis Cluster did not form within " + timeout.toSeconds()
					+ " s:");
			states.forEach((node, state) -> message.append("\n").append(node).append(": ").append(state));
			this.nodes.forEach((node) -> message.append(node.logTail()));
			throw new IllegalStateException(message.toString());
		}
	}

	private int firstSlot(int node, int count) {
		return node * this.slots / count;
	}

	private boolean isReady(Map<RedisNode, String> states) {
		String agreed = null;
		boolean ready = true;
		for (RedisNode node : this.nodes) {
			try (RespClient client = connect(node)) {
				Map<String, String> info = info((String) client.command("CLUSTER", "INFO"));
				String slotMap = slotMap(client.command("CLUSTER", "SLOTS"));
				states.put(node, "cluster_state:" + info.get("cluster_state") + ", cluster_slots_assigned:"
						+ info.get("cluster_slots_assigned") + ", cluster_known_nodes:"
						+ info.get("cluster_known_nodes") + ", slots " + slotMap);
				boolean nodeReady = "ok".equals(info.get("cluster_state"))
						&& String.valueOf(this.slots).equals(info.get("cluster_slots_assigned"))
						&& String.valueOf(this.nodes.size()).equals(info.get("cluster_known_nodes"))
						&& (agreed == null || agreed.equals(slotMap));
				ready = ready && nodeReady;
				agreed = slotMap;
			}
			catch (UncheckedIOException | ErrorReply ex) {
				states.put(node, ex.getMessage());
				ready = false;
			}
		}
		return ready;
	}

	private RespClient connect(RedisNode node) {
		return RespClient.connect(node.port(), this.commandTimeout);
	}

	private static Map<String, String> info(String info) {
		Map<String, String> fields = new LinkedHashMap<>();
		for (String line : info.split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return fields;
	}

	/**
	 * The reply of {@code CLUSTER SLOTS} as ranges of slots and the port of their master, in slot
	 * order, such as {@code 0-5460@7001 5461-10922@7002 10923-16383@7003}.
	 * @param reply the reply
	 * @return the slot map
	 */
	@SuppressWarnings("unchecked")
	static String slotMap(Object reply) {
		return ((List<Object>) reply).stream()
			.map((range) -> (List<Object>) range)
			.sorted((a, b) -> Long.compare((Long) a.get(0), (Long) b.get(0)))
			.map((range) -> range.get(0) + "-" + range.get(1) + "@" + ((List<Object>) range.get(2)).get(1))
			.reduce((a, b) -> a + " " + b)
			.orElse("");
	}

}
