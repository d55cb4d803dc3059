package io.github.phasedmigration.observability;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * Pictures of dashboard panels drawn from Prometheus' {@code query_range} answers with
 * JFreeChart, with the phases of the run as bands: what Grafana shows, for readers who have no
 * Grafana.
 */
final class PanelImages {

	private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

	private static final Color[] BANDS = { new Color(0xF2F2F2), new Color(0xE3F0FB), new Color(0xFDF1DC),
			new Color(0xE5F5E3) };

	private static final Color[] LINES = { new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C),
			new Color(0xFF7F0E), new Color(0x9467BD) };

	private final List<Phase> phases;

	private final Path folder;

	/**
	 * @param phases the run's phases in order, drawn as bands
	 * @param folder where the PNG files go
	 */
	PanelImages(List<Phase> phases, Path folder) throws IOException {
		this.phases = phases;
		this.folder = Files.createDirectories(folder);
	}

	/**
	 * Draws a panel's series as lines.
	 * @param series per query of the panel, its answer and legend format
	 * @param scale turns a value into the unit of the axis
	 */
	Path lines(String file, String title, String axis, Map<Dashboard.Query, List<PrometheusApi.Series>> series,
			DoubleUnaryOperator scale) throws IOException {
		return lines(file, title, axis, series, scale, Double.NaN);
	}

	/** Draws a panel's series as lines, with a threshold line (none when NaN). */
	Path lines(String file, String title, String axis, Map<Dashboard.Query, List<PrometheusApi.Series>> series,
			DoubleUnaryOperator scale, double threshold) throws IOException {
		TimeSeriesCollection dataset = new TimeSeriesCollection();
		series.forEach((query, answer) -> answer
			.forEach((one) -> dataset.addSeries(timeSeries(legend(query.legendFormat(), one.labels()), one, scale))));
		JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, axis, dataset, true, false, false);
		XYPlot plot = chart.getXYPlot();
		((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
		if (!Double.isNaN(threshold)) {
			ValueMarker line = new ValueMarker(threshold, new Color(0xD62728), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
					BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f));
			plot.addRangeMarker(line);
		}
		style(chart);
		return save(chart, file);
	}

	/** Draws the mode over time as steps on an axis of the four modes. */
	Path modes(String file, String title, List<PrometheusApi.Series> series, String legendFormat) throws IOException {
		TimeSeriesCollection dataset = new TimeSeriesCollection();
		series.forEach((one) -> dataset.addSeries(timeSeries(legend(legendFormat, one.labels()), one, (v) -> v)));
		JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, null, dataset, true, false, false);
		XYPlot plot = chart.getXYPlot();
		SymbolAxis modes = new SymbolAxis(null, new String[] { "OLD", "SHADOW", "REVERSE_SHADOW", "NEW" });
		modes.setGridBandsVisible(false);
		plot.setRangeAxis(modes);
		XYStepRenderer steps = new XYStepRenderer();
		plot.setRenderer(steps);
		style(chart);
		return save(chart, file);
	}

	private void style(JFreeChart chart) {
		chart.setBackgroundPaint(Color.WHITE);
		chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
		XYPlot plot = chart.getXYPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(new Color(0xDDDDDD));
		plot.setRangeGridlinePaint(new Color(0xDDDDDD));
		DateAxis time = (DateAxis) plot.getDomainAxis();
		time.setDateFormatOverride(new java.text.SimpleDateFormat("HH:mm:ss"));
		if (!this.phases.isEmpty()) {
			// the whole run on every picture, also where a panel has no data yet
			time.setRange(Date.from(this.phases.get(0).start()), Date.from(this.phases.get(this.phases.size() - 1).end()));
		}
		for (int i = 0; i < plot.getSeriesCount(); i++) {
			plot.getRenderer().setSeriesPaint(i, LINES[i % LINES.length]);
			plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
		}
		for (int i = 0; i < this.phases.size(); i++) {
			Phase phase = this.phases.get(i);
			IntervalMarker band = new IntervalMarker(phase.start().toEpochMilli(), phase.end().toEpochMilli());
			band.setPaint(BANDS[i % BANDS.length]);
			band.setLabel(phase.name());
			band.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			band.setLabelAnchor(RectangleAnchor.TOP_LEFT);
			band.setLabelTextAnchor(TextAnchor.TOP_LEFT);
			plot.addDomainMarker(band, Layer.BACKGROUND);
		}
	}

	private Path save(JFreeChart chart, String file) throws IOException {
		Path target = this.folder.resolve(file);
		ChartUtils.saveChartAsPNG(target.toFile(), chart, 960, 360);
		return target;
	}

	private static TimeSeries timeSeries(String name, PrometheusApi.Series series, DoubleUnaryOperator scale) {
		TimeSeries timeSeries = new TimeSeries(name);
		for (PrometheusApi.Point point : series.points()) {
			if (Double.isFinite(point.value())) {
				timeSeries.addOrUpdate(new FixedMillisecond(Date.from(point.time())),
						scale.applyAsDouble(point.value()));
			}
		}
		return timeSeries;
	}

	/** Grafana's legend: {@code p99 {{impl}}} becomes {@code p99 new}. */
	static String legend(String format, Map<String, String> labels) {
		if (format == null || format.isBlank()) {
			return labels.toString();
		}
		Matcher matcher = LEGEND_LABEL.matcher(format);
		StringBuilder out = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(out, Matcher.quoteReplacement(labels.getOrDefault(matcher.group(1), "")));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/**
	 * A phase of the run.
	 *
	 * @param name what happened in it
	 * @param start when it began
	 * @param end when it ended
	 */
	record Phase(String name, Instant start, Instant end) {
	}

}
