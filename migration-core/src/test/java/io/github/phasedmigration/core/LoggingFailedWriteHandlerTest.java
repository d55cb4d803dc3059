package io.github.phasedmigration.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

class LoggingFailedWriteHandlerTest {

	@Test
	void logsEachFailedWriteAtWarnWithWhatIsNeededToReplayIt() {
		IllegalStateException error = new IllegalStateException("constraint violated");
		FailedWrite failedWrite = new FailedWrite(Instant.EPOCH, "customer-source", "Orders.save(..)", Impl.NEW,
				new Object[] { "order-1", 42 }, error);

		try (LogCapture log = new LogCapture(LoggingFailedWriteHandler.LOGGER_NAME)) {
			new LoggingFailedWriteHandler(2000).handle(failedWrite);

			assertThat(log.events()).singleElement().satisfies((event) -> {
				assertThat(event.getLevel()).isEqualTo(Level.WARN);
				assertThat(event.getFormattedMessage()).isEqualTo("Secondary write of migration 'customer-source' to "
						+ "new failed and needs reconciliation: Orders.save(..) with arguments [order-1, 42]");
				assertThat(event.getThrowableProxy().getMessage()).isEqualTo("constraint violated");
			});
		}
	}

	@Test
	void cutsLongArguments() {
		FailedWrite failedWrite = new FailedWrite(Instant.EPOCH, "m", "Svc.save(..)", Impl.OLD,
				new Object[] { "x".repeat(100) }, new IllegalStateException());

		try (LogCapture log = new LogCapture(LoggingFailedWriteHandler.LOGGER_NAME)) {
			new LoggingFailedWriteHandler(20).handle(failedWrite);

			assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage)
				.singleElement()
				.asString()
				.endsWith("with arguments [" + "x".repeat(19) + "...(82 more chars)");
		}
	}

	@Test
	void reportsNothingPending() {
		assertThat(new LoggingFailedWriteHandler(100).pending()).isZero();
	}

}
