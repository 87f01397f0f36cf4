namespace Pravega.Perf.LoadHarness.Suite;

/// <summary>The disk's own figures from fio: fdatasync'd 1 MiB sequential write MB/s, and fdatasync latency after 8 KiB writes.</summary>
internal sealed record FioFigures(double WriteMBps, double SyncP50Ms, double SyncP99Ms);
