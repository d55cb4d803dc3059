package io.github.phasedmigration.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.phasedmigration.core.discrepancy.Rendering;

/**
 * Logs each failed secondary write at WARN, on logger {@code io.github.phasedmigration.failed-writes},
 * with the arguments needed to replay it by hand.
 */
public class LoggingFailedWriteHandler implements FailedWriteHandler {

	/** The logger's name. */
	public static final String LOGGER_NAME = "io.github.phasedmigration.failed-writes";

	private static final Logger logger = LoggerFactory.getLogger(LOGGER_NAME);

	private final int maxRenderedLength;

	public LoggingFailedWriteHandler(int maxRenderedLength) {
		this.maxRenderedLength = maxRenderedLength;
	}

	@Override
	public void handle(FailedWrite failedWrite) {
		logger.warn("Secondary write of migration '{}' to {} failed and needs reconciliation: {} with arguments {}",
				failedWrite.migration(), failedWrite.impl().tag(), failedWrite.method(),
				Rendering.render(failedWrite.arguments(), this.maxRenderedLength), failedWrite.error());
	}

}
