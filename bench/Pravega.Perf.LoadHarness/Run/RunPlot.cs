using ScottPlot;

namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// <c>result.png</c>: the measured seconds of a run, throughput (MB/s, left axis) and latency percentiles of each
/// second (ms, right axis, logarithmic spread made readable by plotting p50, p99 and max side by side).
/// </summary>
internal static class RunPlot
{
    public static void Save(RunOutcome outcome, string path, int width = 1200, int height = 600)
    {
        var plot = new Plot();
        var intervals = outcome.Intervals;
        var seconds = intervals.Select(i => (double)i.Second).ToArray();
        var throughput = plot.Add.Scatter(seconds, intervals.Select(i => i.MbPerSecond).ToArray());
        throughput.LegendText = outcome.Settings.Mode == RunMode.Read ? "read MB/s" : "write MB/s";
        throughput.LineWidth = 2;
        AddLatency(plot, seconds, intervals.Select(i => i.WriteP50).ToArray(), "write p50 ms");
        AddLatency(plot, seconds, intervals.Select(i => i.WriteP99).ToArray(), "write p99 ms");
        AddLatency(plot, seconds, intervals.Select(i => i.WriteMax).ToArray(), "write max ms");
        if (intervals.Any(i => i.EndToEndP99 > 0))
        {
            AddLatency(plot, seconds, intervals.Select(i => i.EndToEndP99).ToArray(), "e2e p99 ms");
        }
        if (intervals.Any(i => i.PublishDelayP99 > 0.1))
        {
            AddLatency(plot, seconds, intervals.Select(i => i.PublishDelayP99).ToArray(), "publish delay p99 ms");
        }
        var s = outcome.Settings;
        plot.Title($"{outcome.Driver} {s.Mode.ToString().ToLowerInvariant()}: {s.Producers}p/{(s.Mode == RunMode.Write ? 0 : s.Consumers)}c, {s.Partitions} partitions, {s.EventSize} B, " +
            $"rate {(s.Rate > 0 ? s.Rate.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "max")}: {outcome.EventsPerSecond:N0} ev/s");
        plot.Axes.Bottom.Label.Text = "second";
        plot.Axes.Left.Label.Text = "MB/s";
        plot.Axes.Right.Label.Text = "latency (ms)";
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, width, height);
    }

    private static void AddLatency(Plot plot, double[] seconds, double[] values, string label)
    {
        var line = plot.Add.Scatter(seconds, values);
        line.LegendText = label;
        line.Axes.YAxis = plot.Axes.Right;
        line.LinePattern = LinePattern.Dashed;
    }
}
