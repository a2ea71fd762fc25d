require("cdktf").Testing.setupJest();
