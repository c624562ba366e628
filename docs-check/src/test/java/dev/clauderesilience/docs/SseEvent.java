package dev.clauderesilience.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * One server-sent event as a browser's EventSource reads it.
 *
 * @param name the event's name ({@code message} when none is given)
 * @param data its data, lines joined with {@code \n}
 */
record SseEvent(String name, String data) {

	/**
	 * The events of a complete {@code text/event-stream} body.
	 */
	static List<SseEvent> parse(String body) {
		List<SseEvent> events = new ArrayList<>();
		String name = null;
		List<String> data = new ArrayList<>();
		for (String line : (body + "\n\n").split("\r\n|\r|\n", -1)) {
			if (line.isEmpty()) {
				if (!data.isEmpty()) {
					events.add(new SseEvent((name != null) ? name : "message", String.join("\n", data)));
				}
				name = null;
				data.clear();
			}
			else if (line.startsWith("event:")) {
				name = value(line, "event:");
			}
			else if (line.startsWith("data:")) {
				data.add(value(line, "data:"));
			}
		}
		return events;
	}

	// as EventSource does: one space after the colon is dropped
	private static String value(String line, String field) {
		String value = line.substring(field.length());
		return value.startsWith(" ") ? value.substring(1) : value;
	}

}
