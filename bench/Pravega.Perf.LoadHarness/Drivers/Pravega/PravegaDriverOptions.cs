namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>What only the Pravega driver offers.</summary>
/// <remarks>
/// <para><c>AutoScaleEventsPerSecond</c>: Above 0: the stream scales by event rate, this many events/s per segment (the partitions are its minimum); 0: fixed segments.</para>
/// <para><c>WatermarkPeriod</c>: Above zero: each producer notes its time this often and the stream aggregates watermarks at this period.</para>
/// <para><c>TransactionEvents</c>: Above 0: producers write through transactions, committing every this many events.</para>
/// </remarks>
internal sealed record PravegaDriverOptions(int AutoScaleEventsPerSecond = 0, TimeSpan WatermarkPeriod = default, int TransactionEvents = 0);
