package io.github.phasedmigration.core.testing;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Collects the events of one logger for the duration of a test, and keeps them off the console.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final boolean additive;

	private final @Nullable Level level;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	public LogCapture(String loggerName) {
		this.logger = (Logger) LoggerFactory.getLogger(loggerName);
		this.additive = this.logger.isAdditive();
		this.level = this.logger.getLevel();
		if (!this.logger.isInfoEnabled()) {
			// the tests' logback configuration may quiet the engine's loggers: their INFO lines are asserted
			this.logger.setLevel(Level.INFO);
		}
		this.appender.start();
		this.logger.addAppender(this.appender);
		this.logger.setAdditive(false);
	}

	public List<ILoggingEvent> events() {
		synchronized (this.appender) { // the appender appends under this lock too
			return List.copyOf(this.appender.list);
		}
	}

	/** The events of one level. */
	public List<ILoggingEvent> events(Level level) {
		return events().stream().filter((event) -> event.getLevel() == level).toList();
	}

	public List<String> messages(Level level) {
		return events().stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.logger.setAdditive(this.additive);
		this.logger.setLevel(this.level);
		this.appender.stop();
	}

}
