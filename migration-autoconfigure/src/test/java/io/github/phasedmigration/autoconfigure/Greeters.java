package io.github.phasedmigration.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;

/**
 * Applications under test: an old greeter and its new implementation, declared in the ways
 * users declare them (annotated method, annotated interface method, annotated class,
 * asynchronous method), plus declarations that cannot work. Every implementation writes into a
 * shared {@link CallLog} bean, so that tests see which side ran, how often and on which thread,
 * without reading fields through a proxy.
 *
 * <p>Results: old says {@code "Hello <name>"}; new says the same except for {@code Bob}, whom
 * it greets {@code "Hi Bob"}: calling with {@code Ann} is a match, with {@code Bob} a mismatch.
 */
public final class Greeters {

	public static final String MIGRATION = "greeting";

	private Greeters() {
	}

	static String oldGreeting(String name) {
		return "Hello " + name;
	}

	static String newGreeting(String name) {
		return "Bob".equals(name) ? "Hi Bob" : "Hello " + name;
	}

	/** What ran, in which order and on which thread. */
	public static class CallLog {

		private final List<Call> calls = new CopyOnWriteArrayList<>();

		void record(String impl, String method) {
			this.calls.add(new Call(impl, method, Thread.currentThread().getName()));
		}

		public List<Call> calls() {
			return List.copyOf(this.calls);
		}

		public List<Call> of(String impl) {
			return this.calls.stream().filter((call) -> call.impl().equals(impl)).toList();
		}

		public long count(String impl) {
			return of(impl).size();
		}

		public record Call(String impl, String method, String thread) {
		}

	}

	// ---- annotation on a method of the old class

	public static class OldGreeter {

		private final CallLog log;

		public OldGreeter(CallLog log) {
			this.log = log;
		}

		@PhasedMigration(name = MIGRATION, newImpl = NewGreeter.class)
		public String greet(String name) {
			this.log.record("old", "greet");
			if ("fail".equals(name)) {
				throw new IllegalStateException("old failed");
			}
			return oldGreeting(name);
		}

		/** Not annotated: never migrated. */
		public String unrelated(String name) {
			this.log.record("old", "unrelated");
			return "unrelated " + name;
		}

	}

	public static class NewGreeter {

		private final CallLog log;

		public NewGreeter(CallLog log) {
			this.log = log;
		}

		public String greet(String name) {
			this.log.record("new", "greet");
			return newGreeting(name);
		}

		public String unrelated(String name) {
			this.log.record("new", "unrelated");
			return "new unrelated " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class MethodLevelConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldGreeter oldGreeter(CallLog log) {
			return new OldGreeter(log);
		}

		@Bean
		NewGreeter newGreeter(CallLog log) {
			return new NewGreeter(log);
		}

	}

	// ---- annotation on an interface method, as with repositories

	public interface Greeter {

		@PhasedMigration(name = MIGRATION, newImpl = NewInterfaceGreeter.class)
		String greet(String name);

	}

	public static class OldInterfaceGreeter implements Greeter {

		private final CallLog log;

		public OldInterfaceGreeter(CallLog log) {
			this.log = log;
		}

		@Override
		public String greet(String name) {
			this.log.record("old", "greet");
			return oldGreeting(name);
		}

	}

	/** Implements the annotated interface too: it must never be intercepted itself. */
	public static class NewInterfaceGreeter implements Greeter {

		private final CallLog log;

		public NewInterfaceGreeter(CallLog log) {
			this.log = log;
		}

		@Override
		public String greet(String name) {
			this.log.record("new", "greet");
			return newGreeting(name);
		}

	}

	/** Knows only the interface, like most callers. */
	public static class WelcomeService {

		private final Greeter greeter;

		public WelcomeService(Greeter greeter) {
			this.greeter = greeter;
		}

		public String welcome(String name) {
			return this.greeter.greet(name) + "!";
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class InterfaceConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		@Primary
		Greeter oldInterfaceGreeter(CallLog log) {
			return new OldInterfaceGreeter(log);
		}

		@Bean
		NewInterfaceGreeter newInterfaceGreeter(CallLog log) {
			return new NewInterfaceGreeter(log);
		}

		@Bean
		WelcomeService welcomeService(Greeter greeter) {
			return new WelcomeService(greeter);
		}

	}

	// ---- annotation on the class: every public method belongs to the migration

	@PhasedMigration(name = MIGRATION, newImpl = NewClassLevelGreeter.class)
	public static class OldClassLevelGreeter {

		private final CallLog log;

		public OldClassLevelGreeter(CallLog log) {
			this.log = log;
		}

		public String greet(String name) {
			this.log.record("old", "greet");
			return oldGreeting(name);
		}

		public String farewell(String name) {
			this.log.record("old", "farewell");
			return "Goodbye " + name;
		}

		/** Not public: not covered by the class-level annotation, and new need not have it. */
		String motto() {
			this.log.record("old", "motto");
			return "old motto";
		}

	}

	public static class NewClassLevelGreeter {

		private final CallLog log;

		public NewClassLevelGreeter(CallLog log) {
			this.log = log;
		}

		public String greet(String name) {
			this.log.record("new", "greet");
			return newGreeting(name);
		}

		public String farewell(String name) {
			this.log.record("new", "farewell");
			return "Bye " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class ClassLevelConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldClassLevelGreeter oldClassLevelGreeter(CallLog log) {
			return new OldClassLevelGreeter(log);
		}

		@Bean
		NewClassLevelGreeter newClassLevelGreeter(CallLog log) {
			return new NewClassLevelGreeter(log);
		}

	}

	// ---- asynchronous methods

	public static class OldAsyncGreeter {

		private final CallLog log;

		public OldAsyncGreeter(CallLog log) {
			this.log = log;
		}

		@PhasedMigration(name = MIGRATION, newImpl = NewAsyncGreeter.class)
		public CompletableFuture<String> greetLater(String name) {
			this.log.record("old", "greetLater");
			return CompletableFuture.supplyAsync(() -> oldGreeting(name));
		}

	}

	/** Fails (with a failed future) for {@code "new-fails"}. */
	public static class NewAsyncGreeter {

		private final CallLog log;

		public NewAsyncGreeter(CallLog log) {
			this.log = log;
		}

		public CompletableFuture<String> greetLater(String name) {
			this.log.record("new", "greetLater");
			if ("new-fails".equals(name)) {
				return CompletableFuture.failedFuture(new IllegalStateException("new is down"));
			}
			return CompletableFuture.supplyAsync(() -> newGreeting(name));
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class AsyncConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldAsyncGreeter oldAsyncGreeter(CallLog log) {
			return new OldAsyncGreeter(log);
		}

		@Bean
		NewAsyncGreeter newAsyncGreeter(CallLog log) {
			return new NewAsyncGreeter(log);
		}

	}

	// ---- writes

	public static class OldGuestBook {

		private final CallLog log;

		public OldGuestBook(CallLog log) {
			this.log = log;
		}

		@PhasedMigration(name = MIGRATION, newImpl = NewGuestBook.class, kind = MigrationKind.WRITE)
		public String sign(String name) {
			this.log.record("old", "sign");
			return "old-" + name;
		}

	}

	/** Its write fails for {@code "Mallory"}. */
	public static class NewGuestBook {

		private final CallLog log;

		public NewGuestBook(CallLog log) {
			this.log = log;
		}

		public String sign(String name) {
			this.log.record("new", "sign");
			if ("Mallory".equals(name)) {
				throw new IllegalStateException("new store refused " + name);
			}
			return "new-" + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class WriteConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldGuestBook oldGuestBook(CallLog log) {
			return new OldGuestBook(log);
		}

		@Bean
		NewGuestBook newGuestBook(CallLog log) {
			return new NewGuestBook(log);
		}

	}

	// ---- declarations that cannot work

	/** The annotated old greeter, but no bean of its newImpl type. */
	@Configuration(proxyBeanMethods = false)
	public static class MissingNewImplConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldGreeter oldGreeter(CallLog log) {
			return new OldGreeter(log);
		}

	}

	/** Two beans of the newImpl type. */
	@Configuration(proxyBeanMethods = false)
	public static class AmbiguousNewImplConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldGreeter oldGreeter(CallLog log) {
			return new OldGreeter(log);
		}

		@Bean
		NewGreeter firstNewGreeter(CallLog log) {
			return new NewGreeter(log);
		}

		@Bean
		NewGreeter secondNewGreeter(CallLog log) {
			return new NewGreeter(log);
		}

	}

	/** newImpl has no method {@code salute(String)}. */
	public static class OldSaluter {

		@PhasedMigration(name = MIGRATION, newImpl = NewGreeter.class)
		public String salute(String name) {
			return "Salut " + name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class MissingMethodConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		OldSaluter oldSaluter() {
			return new OldSaluter();
		}

		@Bean
		NewGreeter newGreeter(CallLog log) {
			return new NewGreeter(log);
		}

	}

	/** newImpl's method returns Integer where old returns String. */
	public static class OldCounter {

		@PhasedMigration(name = MIGRATION, newImpl = NewCounter.class)
		public String count(String name) {
			return String.valueOf(name.length());
		}

	}

	public static class NewCounter {

		public Integer count(String name) {
			return name.length();
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class IncompatibleReturnTypeConfiguration {

		@Bean
		OldCounter oldCounter() {
			return new OldCounter();
		}

		@Bean
		NewCounter newCounter() {
			return new NewCounter();
		}

	}

	/** A name with a capital and a space. */
	public static class BadlyNamedGreeter {

		@PhasedMigration(name = "Bad Name", newImpl = NewGreeter.class)
		public String greet(String name) {
			return oldGreeting(name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	public static class BadNameConfiguration {

		@Bean
		CallLog callLog() {
			return new CallLog();
		}

		@Bean
		BadlyNamedGreeter badlyNamedGreeter() {
			return new BadlyNamedGreeter();
		}

		@Bean
		NewGreeter newGreeter(CallLog log) {
			return new NewGreeter(log);
		}

	}

}
