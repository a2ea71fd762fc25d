import { describeDemoAlbTerraform } from "./support/demo-alb-terraform";
import { CERTIFICATE_ARN } from "./support/synth";

describeDemoAlbTerraform("HTTPS (with a certificate)", CERTIFICATE_ARN);
