package dev.clauderesilience.autoconfigure.properties;

import java.util.ArrayList;
import java.util.List;

/**
 * Which models callers may ask for ({@code claude.models.*}).
 *
 * @since 0.2.0
 */
public class ModelsProperties {

	/**
	 * Model ids, or patterns with * (claude-haiku-*), callers may ask for; a request for any
	 * other is refused with a 400 naming the model, nothing sent. Empty allows every model.
	 */
	private List<String> allowed = new ArrayList<>();

	public List<String> getAllowed() {
		return this.allowed;
	}

	public void setAllowed(List<String> allowed) {
		this.allowed = allowed;
	}

}
