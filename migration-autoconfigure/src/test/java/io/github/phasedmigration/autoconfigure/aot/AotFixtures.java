package io.github.phasedmigration.autoconfigure.aot;

import java.util.List;

import reactor.core.publisher.Mono;

import io.github.phasedmigration.annotation.MigrationKind;
import io.github.phasedmigration.annotation.PhasedMigration;
import io.github.phasedmigration.core.compare.DeepEqualsComparator;

/** Beans in the shapes an application gives them, for the AOT processing tests. */
final class AotFixtures {

	private AotFixtures() {
	}

	record Money(long cents) {
	}

	record OrderView(String id, Money total) {
	}

	record Line(String sku, int quantity) {
	}

	record Order(String customerId, List<Line> lines) {
	}

	/** A JavaBean, read by a getter path. */
	public static class Account {

		private String number = "";

		public String getNumber() {
			return this.number;
		}

		public void setNumber(String number) {
			this.number = number;
		}

	}

	/** A JavaBean with a nested bean. */
	public static class Transfer {

		private Account account = new Account();

		public Account getAccount() {
			return this.account;
		}

		public void setAccount(Account account) {
			this.account = account;
		}

	}

	record Item(String sku) {
	}

	record Region(String code) {
	}

	record Quote(long cents) {
	}

	record Query(Region region) {
	}

	/**
	 * Old: a keyed write, a read with a nested record, keyed reads (whose arguments nothing else
	 * registers) with a getter path and with a key from configuration, a comparator of its own.
	 */
	public static class OldOrders {

		@PhasedMigration(name = "orders", newImpl = NewOrders.class, kind = MigrationKind.WRITE,
				key = "#order.customerId")
		public void save(Order order) {
		}

		@PhasedMigration(name = "order-views", newImpl = NewOrders.class, newMethod = "view")
		public OrderView find(String id) {
			return new OrderView(id, new Money(0));
		}

		@PhasedMigration(name = "transfers", newImpl = NewOrders.class, key = "#transfer.account.number",
				comparator = LenientComparator.class)
		public long transfer(Transfer transfer) {
			return 0;
		}

		@PhasedMigration(name = "order-search", newImpl = NewOrders.class)
		public int count(Query query) {
			return 0;
		}

		@PhasedMigration(name = "quotes", newImpl = NewOrders.class)
		public Mono<Quote> quote(String id) {
			return Mono.just(new Quote(1));
		}

	}

	/** New: the methods start-up resolves against the old ones. */
	public static class NewOrders {

		public void save(Order order) {
		}

		public OrderView view(String id) {
			return new OrderView(id, new Money(0));
		}

		public long transfer(Transfer transfer) {
			return 0;
		}

		public int count(Query query) {
			return 0;
		}

		public Mono<Quote> quote(String id) {
			return Mono.just(new Quote(1));
		}

	}

	/** A store whose item type is its subclass's type argument. */
	public abstract static class AbstractStore<T> {

		@PhasedMigration(name = "items", newImpl = NewItemStore.class, kind = MigrationKind.WRITE)
		public void put(T item) {
		}

	}

	public static class ItemStore extends AbstractStore<Item> {

	}

	/** Inherits the annotation, as the new implementation of a shared base class does. */
	public static class NewItemStore extends AbstractStore<Item> {

	}

	/** Annotated on the interface, as repositories are. */
	public interface CustomerRepository {

		@PhasedMigration(name = "customers", newImpl = NewCustomerRepository.class)
		String name(String id);

	}

	public static class OldCustomerRepository implements CustomerRepository {

		@Override
		public String name(String id) {
			return "old";
		}

	}

	/** The new implementation inherits the annotation from the shared interface; it is not migrated itself. */
	public static class NewCustomerRepository implements CustomerRepository {

		@Override
		public String name(String id) {
			return "new";
		}

	}

	public static class LenientComparator extends DeepEqualsComparator {

	}

	public static class ConfiguredComparator extends DeepEqualsComparator {

	}

	/** Not migrated: nothing of it is registered. */
	public static class Unrelated {

		public String work(Order order) {
			return "";
		}

	}

}
