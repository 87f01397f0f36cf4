using System.CommandLine;
using Pravega.Perf.Cli;
using Pravega.Perf.Cli.Verbs;

var parse = PravegaCommand.Build().Parse(args);
if (parse.Errors.Count > 0)
{
    // System.CommandLine would print every error and the whole help; one line and the documented code serve better.
    await Console.Error.WriteLineAsync($"pravega: {string.Join(" ", parse.Errors.Select(e => e.Message.ReplaceLineEndings(" ")))} See 'pravega --help'.").ConfigureAwait(false);
    return ExitCodes.BadArguments;
}
// SIGTERM and Ctrl+C belong to the Generic Host, which drains before it stops; System.CommandLine's own handler
// would end the process after a fixed timeout instead.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await parse.InvokeAsync(invocation).ConfigureAwait(false);
