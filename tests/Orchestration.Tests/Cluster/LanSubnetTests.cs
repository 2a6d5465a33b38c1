using Testbed.Orchestration.Cluster;

namespace Testbed.Orchestration.Tests.Cluster;

[Trait("Tier", "Unit")]
public sealed class LanSubnetTests
{
    [Fact]
    public void Nodes_get_fixed_addresses_from_dot_11()
    {
        var lan = LanSubnet.Parse("172.31.249.0/24")!;
        Assert.Equal(("172.31.249.0/24", "172.31.249.1"), (lan.Cidr, lan.Gateway));
        Assert.Equal(["172.31.249.11", "172.31.249.12", "172.31.249.13"], Enumerable.Range(0, 3).Select(lan.NodeAddress));
    }

    [Fact]
    public void The_first_subnet_no_network_or_route_covers_is_chosen()
    {
        Assert.Equal("172.31.250.0/24", LanSubnet.Choose([]).Cidr);
        Assert.Equal("172.31.249.0/24", LanSubnet.Choose(["172.31.250.0/24", "172.17.0.0/16"]).Cidr);
        Assert.Equal("172.31.247.0/24", LanSubnet.Choose(["172.31.248.0/23", "172.31.250.0/24", "10.0.0.0/8"]).Cidr);
        Assert.Throws<InvalidOperationException>(() => LanSubnet.Choose(["172.16.0.0/12"]));
    }

    [Fact]
    public void Host_routes_are_read_from_the_little_endian_route_table()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, [
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0",
                "eth0\t0000A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0",
            ]);
            Assert.Equal(["172.17.0.0/16", "192.168.0.0/24"], LanSubnet.HostRoutes(file));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
