package io.github.phasedmigration.autoconfigure.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointHttpMethod;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * Calls the {@code migrations} endpoint as the web layer calls it: its operations discovered by
 * Boot's {@link WebEndpointDiscoverer} (the web extension's where it has one), matched by HTTP
 * method and path, and invoked with the path variables, query parameters and body fields as
 * arguments, converted as the web layer converts them.
 */
final class EndpointCalls {

	static final String ONE = "migrations/{name}";

	static final String SECTION = "migrations/{name}/{section}";

	/** A request of a user named alice, who may do anything. */
	static final SecurityContext ALICE = new SecurityContext() {

		@Override
		public Principal getPrincipal() {
			return () -> "alice";
		}

		@Override
		public boolean isUserInRole(String role) {
			return true;
		}

	};

	private EndpointCalls() {
	}

	/**
	 * Invokes the operation of {@code method} and {@code path}.
	 * @param arguments names and values, alternately
	 */
	static WebEndpointResponse<?> call(AssertableApplicationContext context, WebEndpointHttpMethod method,
			String path, SecurityContext security, Object... arguments) {
		WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context.getSourceApplicationContext(),
				new ConversionServiceParameterValueMapper(), EndpointMediaTypes.DEFAULT, List.of(), List.of(),
				List.of(), List.of(), List.of());
		ExposableWebEndpoint endpoint = discoverer.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("migrations")))
			.findFirst()
			.orElseThrow();
		WebOperation operation = endpoint.getOperations()
			.stream()
			.filter((candidate) -> candidate.getRequestPredicate().getHttpMethod() == method
					&& candidate.getRequestPredicate().getPath().equals(path))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + method + " " + path + " among "
					+ endpoint.getOperations().stream().map(WebOperation::getRequestPredicate).toList()));
		Map<String, @Nullable Object> values = new HashMap<>();
		for (int i = 0; i < arguments.length; i += 2) {
			values.put((String) arguments[i], arguments[i + 1]);
		}
		Object result = operation.invoke(new InvocationContext(security, values));
		assertThat(result).isInstanceOf(WebEndpointResponse.class);
		return (WebEndpointResponse<?>) result;
	}

	/** The {@code error} of an error's body. */
	static String error(WebEndpointResponse<?> response) {
		assertThat(response.getBody()).as("an error's body").isInstanceOf(Map.class);
		return String.valueOf(((Map<?, ?>) response.getBody()).get("error"));
	}

}
