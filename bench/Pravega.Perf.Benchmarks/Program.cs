using BenchmarkDotNet.Running;
using Pravega.Perf.Benchmarks.Storage;

// Runs any benchmark in this assembly: dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*Crc*'
// Console modes (no BenchmarkDotNet): tier2-write-cpu [rounds].
if (args is [ChunkWriteCpuProbe.Command, ..])
{
    await ChunkWriteCpuProbe.RunAsync(args).ConfigureAwait(false);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
