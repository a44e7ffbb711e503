using Sfu.Contracts.Dumps;

namespace Sfu.Contracts.Tests;

public class WorkerDumpTests
{
    [Fact]
    public void A_worker_dump_lists_servers_routers_and_channel_handlers_and_omits_liburing_when_absent() =>
        JsonAssert.Writes(
            new WorkerDump
            {
                Pid = 4242,
                WebRtcServerIds = ["s1"],
                RouterIds = ["r1", "r2"],
                ChannelMessageHandlers = new WorkerChannelMessageHandlers
                {
                    ChannelRequestHandlers = ["s1", "r1", "r2"],
                    ChannelNotificationHandlers = [],
                },
            },
            """
            {"pid":4242,"webRtcServerIds":["s1"],"routerIds":["r1","r2"],
             "channelMessageHandlers":{"channelRequestHandlers":["s1","r1","r2"],"channelNotificationHandlers":[]}}
            """);

    [Fact]
    public void A_worker_dump_with_liburing_round_trips() =>
        JsonAssert.RoundTrips<WorkerDump>("""
            {"pid":1,"webRtcServerIds":[],"routerIds":[],
             "channelMessageHandlers":{"channelRequestHandlers":[],"channelNotificationHandlers":[]},
             "liburing":{"sqeProcessCount":10,"sqeMissCount":0,"userDataMissCount":0}}
            """);

    [Fact]
    public void Resource_usage_keeps_the_ru_names()
    {
        var usage = JsonAssert.RoundTrips<WorkerResourceUsage>("""
            {"ru_utime":120,"ru_stime":30,"ru_maxrss":51200,"ru_ixrss":0,"ru_idrss":0,"ru_isrss":0,"ru_minflt":1000,
             "ru_majflt":1,"ru_nswap":0,"ru_inblock":8,"ru_oublock":16,"ru_msgsnd":0,"ru_msgrcv":0,"ru_nsignals":0,
             "ru_nvcsw":500,"ru_nivcsw":20}
            """);

        Assert.Equal(120, usage.UserCpuTime);
        Assert.Equal(51200, usage.MaxResidentSetSize);
        Assert.Equal(20, usage.InvoluntaryContextSwitches);
    }
}
