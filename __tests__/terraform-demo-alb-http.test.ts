import { describeDemoAlbTerraform } from "./support/demo-alb-terraform";

describeDemoAlbTerraform("HTTP only (no certificate)", "");
