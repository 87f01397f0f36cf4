using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

public sealed class ScopeTests
{
    private static CancellationToken Token => TestController.Token;

    [Fact]
    public async Task Scopes_are_created_once_validated_listed_in_pages_and_deleted_only_when_empty()
    {
        var c = new TestController(new ControllerOptions { ListPageSize = 2 });
        await c.Runtime.StartAsync(Token);
        var scopes = c.Runtime.Scopes;
        foreach (var name in new[] { "a", "b", "c" })
        {
            Assert.Equal(OperationStatus.Success, (await scopes.CreateScopeAsync(name, Token)).Status);
        }
        Assert.Equal(OperationStatus.ScopeExists, (await scopes.CreateScopeAsync("a", Token)).Status);
        Assert.Equal(OperationStatus.InvalidName, (await scopes.CreateScopeAsync("no/slash", Token)).Status);
        Assert.Equal(OperationStatus.InvalidName, (await scopes.CreateScopeAsync("_system", Token)).Status);
        var names = new List<string>();
        var token = string.Empty;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await scopes.ListScopesAsync(token, 2, Token);
            if (page.Items.Count == 0)
            {
                break;
            }
            names.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        Assert.Equal(["a", "b", "c"], names);
        await c.Runtime.Streams.CreateStreamAsync("a", "s", StreamConfiguration.Fixed(1), Token);
        Assert.Equal(OperationStatus.ScopeNotEmpty, (await scopes.DeleteScopeAsync("a", Token)).Status);
        Assert.Equal(OperationStatus.Success, (await scopes.DeleteScopeAsync("b", Token)).Status);
        Assert.False(await scopes.ScopeExistsAsync("b", Token));
        Assert.Equal(OperationStatus.ScopeNotFound, (await scopes.DeleteScopeAsync("b", Token)).Status);
    }

    [Fact]
    public async Task A_recursive_delete_seals_and_deletes_streams_and_reader_groups_then_the_scope()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(2), Token);
        await c.Runtime.Streams.CreateStreamAsync("scope", "t", StreamConfiguration.Fixed(1), Token);
        await c.Runtime.ReaderGroups.CreateReaderGroupAsync(ReaderGroupTests.Config("rg", "s"), Token);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Scopes.DeleteScopeRecursiveAsync("scope", Token)).Status);
        Assert.False(await c.Runtime.Scopes.ScopeExistsAsync("scope", Token));
        Assert.Empty(c.Segments.Segments);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.Scopes.CreateScopeAsync("scope", Token)).Status);
        Assert.Null(await c.Runtime.Streams.GetStreamAsync("scope", "s", Token));
    }

    [Fact]
    public async Task Streams_of_a_scope_are_listed_with_their_tags_filter_and_a_missing_scope_is_null()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1) with { Tags = ["x"] }, Token);
        await c.Runtime.Streams.CreateStreamAsync("scope", "t", StreamConfiguration.Fixed(1), Token);
        var all = await c.Runtime.Scopes.ListStreamsAsync("scope", string.Empty, 100, null, Token);
        Assert.Equal(["_MARKs", "_MARKt", "s", "t"], all!.Items.Order(StringComparer.Ordinal));
        var tagged = await c.Runtime.Scopes.ListStreamsAsync("scope", string.Empty, 100, v => v.Head.Configuration.Tags.Contains("x"), Token);
        Assert.Equal(["s"], tagged!.Items);
        Assert.Null(await c.Runtime.Scopes.ListStreamsAsync("nope", string.Empty, 100, null, Token));
    }
}
