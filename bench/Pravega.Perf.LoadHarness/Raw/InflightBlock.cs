namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>One APPEND_BLOCK sent and not yet covered by a DATA_APPENDED.</summary>
internal readonly record struct InflightBlock(long LastEventNumber, int Events, int Bytes, long SentTimestamp);
