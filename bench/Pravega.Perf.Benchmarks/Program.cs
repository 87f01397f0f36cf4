using BenchmarkDotNet.Running;

// Runs any benchmark in this assembly: dotnet run -c Release --project bench/Pravega.Perf.Benchmarks -- --filter '*Crc*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
