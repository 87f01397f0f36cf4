using System.CommandLine;
using Pravega.Perf.Cli;

// SIGTERM and Ctrl+C belong to the Generic Host, which drains before it stops; System.CommandLine's own handler
// would end the process after a fixed timeout instead.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await PravegaCommand.Build().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
