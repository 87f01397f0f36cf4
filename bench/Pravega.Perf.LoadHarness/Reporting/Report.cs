namespace Pravega.Perf.LoadHarness.Reporting;

/// <summary>The end of a verb: the table for people (stdout, or stderr when stdout carries JSON/CSV), the chosen format for scripts.</summary>
internal static class Report
{
    public static void Final(IReadOnlyList<RunResult> results, OutputFormat format, string? file, double? fioMBps = null)
    {
        if (format == OutputFormat.Table && file is null)
        {
            Console.Out.WriteLine();
            ResultTable.Write(Console.Out, results);
            return;
        }
        Console.Error.WriteLine();
        ResultTable.Write(Console.Error, results);
        ResultFiles.Write(format, results, file, fioMBps);
    }
}
