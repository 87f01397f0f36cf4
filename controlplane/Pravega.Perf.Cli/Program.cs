using Pravega.Perf.Cli;

return await PravegaCommand.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
