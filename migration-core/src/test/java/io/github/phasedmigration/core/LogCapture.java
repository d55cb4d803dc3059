package io.github.phasedmigration.core;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Collects the events of one logger for the duration of a test, and keeps them off the console.
 */
final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final boolean additive;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	LogCapture(String loggerName) {
		this.logger = (Logger) LoggerFactory.getLogger(loggerName);
		this.additive = this.logger.isAdditive();
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setAdditive(false);
	}

	List<ILoggingEvent> events() {
		synchronized (this.appender) { // the appender appends under this lock too
			return List.copyOf(this.appender.list);
		}
	}

	List<String> messages(Level level) {
		return events().stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setAdditive(this.additive);
		this.appender.stop();
	}

}
