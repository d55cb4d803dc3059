/**
 * The vocabulary every layer of the engine speaks: the modes ({@link MigrationMode}), the two
 * implementations ({@link Impl}) and their roles, the shapes of a call's result, and the small
 * interfaces the Spring layer implements ({@link Invoker}, {@link TransactionHook}), and the
 * {@link InvalidSettingException} that every settings record throws, naming the setting. It depends on
 * no other package of the engine; each package above it has one job:
 * <ul>
 * <li>{@code rollout}: the share of calls a mode applies to, and sticky bucketing;</li>
 * <li>{@code criteria}: the call window and the success criteria that judge it;</li>
 * <li>{@code registry}: the migrations at run time, their state, history and listeners;</li>
 * <li>{@code switching}: mode switches checked against the criteria, and automatic rollback;</li>
 * <li>{@code journal}: the write journal's SPI and its in-memory store;</li>
 * <li>{@code reconciliation}: the replay of journaled writes;</li>
 * <li>{@code engine}: the call path (reads, writes, comparisons, reactive calls);</li>
 * <li>{@code backfill}: the history copied, verified and repaired;</li>
 * <li>{@code compare}, {@code discrepancy}, {@code execution}: comparators, discrepancy records
 * and the secondary's thread pool.</li>
 * </ul>
 */
@NullMarked
package io.github.phasedmigration.core;

import org.jspecify.annotations.NullMarked;
