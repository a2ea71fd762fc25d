require("cdktn").Testing.setupJest();
