CREATE TABLE `asks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`initiative_id` integer NOT NULL,
	`sponsor_person_id` integer NOT NULL,
	`created_by_person_id` integer,
	`text` text NOT NULL,
	`due_at` integer,
	`created_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`response` text,
	`responded_at` integer,
	`responded_by_person_id` integer,
	`closed_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sponsor_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `asks_ws_status` ON `asks` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `asks_sponsor_status` ON `asks` (`sponsor_person_id`,`status`);--> statement-breakpoint
CREATE TABLE `away_periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`from_at` integer NOT NULL,
	`until_at` integer NOT NULL,
	`note` text,
	`created_by_person_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `away_person_until` ON `away_periods` (`workspace_id`,`person_id`,`until_at`);--> statement-breakpoint
CREATE TABLE `delegates` (
	`workspace_id` text NOT NULL,
	`person_id` integer NOT NULL,
	`delegate_person_id` integer NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `person_id`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegate_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delegates_delegate` ON `delegates` (`workspace_id`,`delegate_person_id`);--> statement-breakpoint
CREATE TABLE `holidays` (
	`workspace_id` text NOT NULL,
	`date` text NOT NULL,
	`country` text DEFAULT '' NOT NULL,
	`name` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `date`, `country`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
