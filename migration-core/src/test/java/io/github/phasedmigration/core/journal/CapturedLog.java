package io.github.phasedmigration.core.journal;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Collects the events of one logger for the duration of a test and keeps them off the console
 * (the engine's {@code LogCapture} is package-private to {@code core}).
 */
final class CapturedLog implements AutoCloseable {

	private final Logger logger;

	private final boolean additive;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	CapturedLog(String loggerName) {
		this.logger = (Logger) LoggerFactory.getLogger(loggerName);
		this.additive = this.logger.isAdditive();
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setAdditive(false);
	}

	List<ILoggingEvent> events(Level level) {
		synchronized (this.appender) { // the appender appends under this lock too
			return this.appender.list.stream().filter((event) -> event.getLevel() == level).toList();
		}
	}

	List<String> messages(Level level) {
		return events(level).stream().map(ILoggingEvent::getFormattedMessage).toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setAdditive(this.additive);
		this.appender.stop();
	}

}
