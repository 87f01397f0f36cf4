using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.ReaderGroups;
using Pravega.Perf.Controller.Tests.Fakes;

namespace Pravega.Perf.Controller.Tests;

public sealed class ReaderGroupTests
{
    private static CancellationToken Token => TestController.Token;

    internal static ReaderGroupConfiguration Config(string name, string stream, string id = ReaderGroupService.DefaultReaderGroupId,
        ReaderGroupRetention retention = ReaderGroupRetention.None) =>
        new("scope", name, 3000, 30000, 3, retention, 0, id, [new StreamCutOfStream("scope", stream, new Dictionary<long, long>())], [], 0);

    [Fact]
    public async Task Creating_a_group_records_it_with_an_id_creates_its_state_stream_and_a_repeat_answers_the_stored_configuration()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        var created = await c.Runtime.ReaderGroups.CreateReaderGroupAsync(Config("rg", "s"), Token);
        Assert.Equal(OperationStatus.Success, created.Status);
        Assert.NotEqual(ReaderGroupService.DefaultReaderGroupId, created.Value!.ReaderGroupId);
        Assert.NotNull(await c.Runtime.Streams.GetStreamAsync("scope", "_RGrg", Token));
        var again = await c.Runtime.ReaderGroups.CreateReaderGroupAsync(Config("rg", "s", Guid.NewGuid().ToString()), Token);
        Assert.Equal(created.Value.ReaderGroupId, again.Value!.ReaderGroupId);
        Assert.True(created.Value.SameAs(again.Value));
    }

    [Fact]
    public async Task Updates_need_the_current_generation_and_id_and_bump_the_generation()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        var id = Guid.NewGuid().ToString();
        var config = (await c.Runtime.ReaderGroups.CreateReaderGroupAsync(Config("rg", "s", id), Token)).Value!;
        var updated = await c.Runtime.ReaderGroups.UpdateReaderGroupAsync(config with { GroupRefreshTimeMillis = 100 }, Token);
        Assert.Equal(1, updated.Value);
        Assert.Equal(OperationStatus.InvalidConfiguration, (await c.Runtime.ReaderGroups.UpdateReaderGroupAsync(config, Token)).Status);
        Assert.Equal(OperationStatus.InvalidConfiguration,
            (await c.Runtime.ReaderGroups.UpdateReaderGroupAsync(config with { Generation = 1, ReaderGroupId = Guid.NewGuid().ToString() }, Token)).Status);
        Assert.Equal(100, (await c.Runtime.ReaderGroups.GetConfigurationAsync("scope", "rg", Token)).Value!.GroupRefreshTimeMillis);
        Assert.Equal(OperationStatus.ReaderGroupNotFound, (await c.Runtime.ReaderGroups.UpdateReaderGroupAsync(config with { ReaderGroupName = "other" }, Token)).Status);
    }

    [Fact]
    public async Task Deleting_a_group_removes_its_state_stream_and_a_wrong_id_is_not_found()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        var config = (await c.Runtime.ReaderGroups.CreateReaderGroupAsync(Config("rg", "s"), Token)).Value!;
        Assert.Equal(OperationStatus.ReaderGroupNotFound, (await c.Runtime.ReaderGroups.DeleteReaderGroupAsync("scope", "rg", Guid.NewGuid().ToString(), Token)).Status);
        Assert.Equal(OperationStatus.Success, (await c.Runtime.ReaderGroups.DeleteReaderGroupAsync("scope", "rg", config.ReaderGroupId, Token)).Status);
        Assert.Null(await c.Runtime.Streams.GetStreamAsync("scope", "_RGrg", Token));
        Assert.Equal(OperationStatus.ReaderGroupNotFound, (await c.Runtime.ReaderGroups.GetConfigurationAsync("scope", "rg", Token)).Status);
    }

    [Fact]
    public async Task Subscribers_are_listed_and_their_acknowledged_cuts_checked()
    {
        var c = await TestController.StartWithScopeAsync();
        await c.Runtime.Streams.CreateStreamAsync("scope", "s", StreamConfiguration.Fixed(1), Token);
        var sub = (await c.Runtime.ReaderGroups.CreateReaderGroupAsync(Config("sub", "s", retention: ReaderGroupRetention.ManualReleaseAtUserStreamCut), Token)).Value!;
        await c.Runtime.ReaderGroups.CreateReaderGroupAsync(Config("plain", "s"), Token);
        Assert.Equal(["scope/sub"], await c.Runtime.ReaderGroups.ListSubscribersAsync("scope", "s", Token));
        var groups = c.Runtime.ReaderGroups;
        var cut = new Dictionary<long, long> { [0] = 10 };
        Assert.Equal(OperationStatus.Success, await groups.UpdateSubscriberStreamCutAsync("scope", "s", "scope/sub", sub.ReaderGroupId, 0, cut, Token));
        Assert.Equal(OperationStatus.GenerationMismatch, await groups.UpdateSubscriberStreamCutAsync("scope", "s", "scope/sub", sub.ReaderGroupId, 5, cut, Token));
        Assert.Equal(OperationStatus.ReaderGroupNotFound, await groups.UpdateSubscriberStreamCutAsync("scope", "s", "scope/plain", sub.ReaderGroupId, 0, cut, Token));
        Assert.Equal(OperationStatus.StreamCutNotValid,
            await groups.UpdateSubscriberStreamCutAsync("scope", "s", "scope/sub", sub.ReaderGroupId, 0, new Dictionary<long, long> { [9] = 0 }, Token));
        Assert.Equal(OperationStatus.StreamNotFound, await groups.UpdateSubscriberStreamCutAsync("scope", "x", "scope/sub", sub.ReaderGroupId, 0, cut, Token));
    }
}
