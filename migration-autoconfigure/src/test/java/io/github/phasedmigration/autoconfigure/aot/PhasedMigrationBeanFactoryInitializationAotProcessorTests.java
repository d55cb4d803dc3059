package io.github.phasedmigration.autoconfigure.aot;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;

import reactor.core.publisher.Mono;

import io.github.phasedmigration.autoconfigure.aot.AotFixtures.AbstractStore;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Account;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.ConfiguredComparator;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.CustomerRepository;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Item;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.ItemStore;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.LenientComparator;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Line;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Money;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Quote;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.NewCustomerRepository;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.NewItemStore;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.NewOrders;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.OldCustomerRepository;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.OldOrders;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Order;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Query;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Region;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.OrderView;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Transfer;
import io.github.phasedmigration.autoconfigure.aot.AotFixtures.Unrelated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * The hints contributed from the application's bean definitions, the way Spring AOT processes them
 * at build time: a context refreshed for AOT processing (types known, no bean created), then the
 * processor's contribution applied.
 */
class PhasedMigrationBeanFactoryInitializationAotProcessorTests {

	private final RuntimeHints hints = process(Map.of("migration.instances.order-search.key", "#query.region.code",
			"migration.defaults.comparator", ConfiguredComparator.class.getName()), OldOrders.class, NewOrders.class,
			ItemStore.class, NewItemStore.class, OldCustomerRepository.class, NewCustomerRepository.class,
			Unrelated.class);

	@Test
	void annotatedAndNewMethodsCanBeCalledReflectively() throws Exception {
		// the proxy calls old by reflection, and start-up looks new's method up by name and calls it
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OldOrders.class, "save")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NewOrders.class, "save")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NewOrders.class.getMethod("transfer",
				Transfer.class))).accepts(this.hints);
	}

	@Test
	void newMethodNamedByTheAnnotationIsTheOneRegistered() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OldOrders.class, "find")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NewOrders.class, "view")).accepts(this.hints);
	}

	@Test
	void annotationOnAnInterfaceCoversTheImplementationNotTheNewImplementation() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OldCustomerRepository.class, "name"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(CustomerRepository.class, "name").introspect())
			.accepts(this.hints);
		// as new, it is called: registered for invocation, through the old side's resolution
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(NewCustomerRepository.class, "name"))
			.accepts(this.hints);
	}

	@Test
	void keyPathsAreRegisteredStepByStep() {
		// #order.customerId: a record accessor
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "customerId")).accepts(this.hints);
		// #transfer.account.number, a read's: two getters that only the key reads
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Transfer.class, "getAccount"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Account.class, "getNumber")).accepts(this.hints);
	}

	@Test
	void keyFromConfigurationIsRegisteredWhenTheAnnotationHasNone() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Query.class, "region")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Region.class, "code")).accepts(this.hints);
	}

	@Test
	void writeArgumentsAreBoundForTheJournalsJsonWithTheirGenerics() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		// List<Line>: the element type is read back too
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Line.class, "quantity")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void typeVariableOfAGenericSuperclassResolvesToTheSubclassesTypeArgument() throws Exception {
		assertThat(RuntimeHintsPredicates.reflection().onType(Item.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AbstractStore.class.getMethod("put",
				Object.class))).accepts(this.hints);
	}

	@Test
	void returnedRecordsAreBoundForTheComparatorWalk() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderView.class, "total")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Money.class, "cents")).accepts(this.hints);
	}

	@Test
	void whatAMonoCarriesIsBoundNotTheMonoItself() {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Quote.class, "cents")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Mono.class)).rejects(this.hints);
	}

	@Test
	void comparatorsNamedByClassCanBeCreated() {
		assertThat(RuntimeHintsPredicates.reflection().onType(LenientComparator.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(ConfiguredComparator.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(this.hints);
	}

	@Test
	void beansWithoutMigrationsGetNothing() {
		assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(this.hints);
		try (GenericApplicationContext context = refreshedForAot(Map.of(), Unrelated.class)) {
			assertThat(new PhasedMigrationBeanFactoryInitializationAotProcessor()
				.processAheadOfTime(context.getBeanFactory())).isNull();
		}
	}

	@Test
	void processorIsRegisteredForSpringAot() {
		assertThat(AotServices.factories(getClass().getClassLoader()).load(BeanFactoryInitializationAotProcessor.class))
			.hasAtLeastOneElementOfType(PhasedMigrationBeanFactoryInitializationAotProcessor.class);
	}

	private static RuntimeHints process(Map<String, Object> properties, Class<?>... beans) {
		try (GenericApplicationContext context = refreshedForAot(properties, beans)) {
			BeanFactoryInitializationAotContribution contribution = new PhasedMigrationBeanFactoryInitializationAotProcessor()
				.processAheadOfTime(context.getBeanFactory());
			assertThat(contribution).isNotNull();
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("com.example", "Application")), new InMemoryGeneratedFiles());
			contribution.applyTo(generation, mock());
			return generation.getRuntimeHints();
		}
	}

	private static GenericApplicationContext refreshedForAot(Map<String, Object> properties, Class<?>... beans) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
		for (Class<?> bean : beans) {
			context.registerBean(bean);
		}
		context.refreshForAotProcessing(new RuntimeHints());
		return context;
	}

}
