package io.github.phasedmigration.autoconfigure.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.MigrationDescriptor;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.NoSuchMigrationException;
import io.github.phasedmigration.autoconfigure.endpoint.MigrationsEndpoint.ReadinessDescriptor;
import io.github.phasedmigration.core.backfill.BackfillConflictException;
import io.github.phasedmigration.core.switching.ConcurrentSwitchException;
import io.github.phasedmigration.core.switching.NotReadyException;

/**
 * Web answers of the {@link MigrationsEndpoint}: 404 with a message for an unknown migration,
 * 400 naming the field and the allowed values for a value that is not allowed, 409 with the
 * unmet criteria for a step forward that is not ready (and for backfill conflicts).
 */
@EndpointWebExtension(endpoint = MigrationsEndpoint.class)
public class MigrationsEndpointWebExtension {

	private final MigrationsEndpoint delegate;

	public MigrationsEndpointWebExtension(MigrationsEndpoint delegate) {
		this.delegate = delegate;
	}

	@ReadOperation
	public WebEndpointResponse<Object> migration(@Selector String name) {
		return answer(() -> {
			this.delegate.require(name);
			return this.delegate.migration(name);
		});
	}

	@WriteOperation
	public WebEndpointResponse<Object> switchMode(@Selector String name, @Nullable String mode,
			@Nullable String percentage, @Nullable List<String> allowList, @Nullable String sampleRate,
			@Nullable Boolean force, @Nullable String reason, SecurityContext securityContext) {
		return answer(() -> this.delegate.switchMode(name, mode, percentage, allowList, sampleRate, force, reason,
				securityContext));
	}

	@DeleteOperation
	public WebEndpointResponse<Object> resetOverride(@Selector String name, @Nullable String reason,
			@Nullable Boolean force, SecurityContext securityContext) {
		return answer(() -> this.delegate.resetOverride(name, reason, force, securityContext));
	}

	@ReadOperation
	public WebEndpointResponse<Object> section(@Selector String name, @Selector String section,
			@Nullable Integer page, @Nullable Integer size) {
		return answer(() -> this.delegate.section(name, section, page, size));
	}

	@WriteOperation
	public WebEndpointResponse<Object> sectionAction(@Selector String name, @Selector String section,
			@Nullable String action, @Nullable List<Object> ids, @Nullable String reason,
			@Nullable Boolean fromBeginning, @Nullable Boolean repair, @Nullable Boolean deleteExtra,
			SecurityContext securityContext) {
		return answer(() -> this.delegate.sectionAction(name, section, (action != null) ? action : "", ids, reason,
				fromBeginning, repair, deleteExtra, securityContext));
	}

	private static WebEndpointResponse<Object> answer(Supplier<@Nullable Object> operation) {
		try {
			return new WebEndpointResponse<>(operation.get(), WebEndpointResponse.STATUS_OK);
		}
		catch (NoSuchMigrationException ex) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, ex.getMessage());
		}
		catch (InvalidEndpointRequestException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		}
		catch (NotReadyException ex) {
			WebEndpointResponse<Object> response = error(409, ex.getMessage());
			@SuppressWarnings("unchecked")
			Map<String, Object> body = (Map<String, Object>) response.getBody();
			body.put("readiness", new ReadinessDescriptor(ex.readiness()));
			return response;
		}
		catch (ConcurrentSwitchException ex) {
			return error(409, ex.getMessage());
		}
		catch (BackfillConflictException ex) {
			// e.g. a backfill that already runs, a repair that the mode does not allow
			return error(409, ex.getMessage());
		}
	}

	private static WebEndpointResponse<Object> error(int status, @Nullable String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", status);
		body.put("error", message);
		if (status == WebEndpointResponse.STATUS_BAD_REQUEST && message != null && message.contains("mode")) {
			body.put("allowedModes", MigrationDescriptor.allowedModes());
		}
		return new WebEndpointResponse<>(body, status);
	}

}
