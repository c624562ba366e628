package dev.clauderesilience.sample;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP contract is strictly typed: a number is not a prompt, and 1.5 is not a number of
 * tokens. Jackson's lenient defaults would turn {@code "prompt": 12345} into "12345" and
 * {@code "maxTokens": 1.5} into 1; here both are a 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonConfiguration {

	@Bean
	Jackson2ObjectMapperBuilderCustomizer strictJsonTypes() {
		return (builder) -> builder.featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.postConfigurer((mapper) -> {
				for (CoercionInputShape shape : new CoercionInputShape[] { CoercionInputShape.Integer,
						CoercionInputShape.Float, CoercionInputShape.Boolean }) {
					mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
				}
				mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
				mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
				mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
			});
	}

}
