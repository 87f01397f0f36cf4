namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>How final results are written: a markdown table for people, JSON or CSV for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}
