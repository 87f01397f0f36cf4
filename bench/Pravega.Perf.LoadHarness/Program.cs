using Pravega.Perf.LoadHarness;

return await HarnessCommand.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
