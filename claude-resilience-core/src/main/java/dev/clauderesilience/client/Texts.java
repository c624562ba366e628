package dev.clauderesilience.client;

import java.util.List;

/**
 * The text of a list of blocks: the text blocks, concatenated.
 */
final class Texts {

	private Texts() {
	}

	static String join(List<? extends ContentBlock> blocks) {
		StringBuilder text = new StringBuilder();
		for (ContentBlock block : blocks) {
			if (block instanceof ContentBlock.Text t && t.text() != null) {
				text.append(t.text());
			}
		}
		return text.toString();
	}

}
