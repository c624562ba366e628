package dev.clauderesilience.sample;

import java.util.Map;

import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.stereotype.Component;

/**
 * The assistant's one tool: a canned order-status lookup, standing in for a call to an order
 * service.
 */
@Component
class OrderStatusTool {

	private static final Map<String, String> STATUSES = Map.of("A-1001", "shipped on Monday, arriving Thursday",
			"A-1002", "being packed, shipping tomorrow");

	@Tool(description = "The delivery status of an order of the shop")
	String orderStatus(@ToolParam(description = "The order number, such as A-1001") String orderId) {
		return "Order " + orderId + ": " + STATUSES.getOrDefault(orderId, "not found");
	}

}
